package io.leaderboard.events;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RankingsTests {

	private final EventCodec codec = new EventCodec();

	@Test
	void tiedScoresShareARankAndTheNextRankSkips() {
		List<LeaderboardEntry> ranked = Rankings
			.fromTop(List.of(scored(1, 50), scored(2, 40), scored(3, 40), scored(4, 40), scored(5, 10)));

		assertThat(ranked).extracting(LeaderboardEntry::rank).containsExactly(1L, 2L, 2L, 2L, 5L);
	}

	@Test
	void anEmptyBoardHasNoRanks() {
		assertThat(Rankings.fromTop(List.of())).isEmpty();
		assertThat(Rankings.fromRedis(List.of(), List.of(), this.codec)).isEmpty();
	}

	@Test
	void redisRepliesAreRankedWithExactScoresAndDetails() {
		List<LeaderboardEntry> top = Rankings.fromRedis(List.of("1", "1e+15", "2", "500", "3", "500", "4", "-7"),
				java.util.Arrays.asList("{\"nickName\":\"A\",\"updatedAt\":\"2026-11-22T10:00:00Z\"}",
						"{\"nickName\":\"B\",\"updatedAt\":null}", null, "{\"nickName\":\"D\",\"updatedAt\":null}"),
				this.codec);

		assertThat(top).extracting(LeaderboardEntry::rank).containsExactly(1L, 2L, 2L, 4L);
		assertThat(top).extracting(LeaderboardEntry::score).containsExactly(1_000_000_000_000_000L, 500L, 500L, -7L);
		assertThat(top).extracting(LeaderboardEntry::nickName).containsExactly("A", "B", "", "D");
		assertThat(Rankings.redisScore("9007199254740991")).isEqualTo(9007199254740991L);
	}

	private static Rankings.Scored scored(long id, long score) {
		return new Rankings.Scored(id, "p" + id, score, null);
	}

}
