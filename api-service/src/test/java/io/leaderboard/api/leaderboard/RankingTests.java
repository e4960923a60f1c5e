package io.leaderboard.api.leaderboard;

import java.util.List;

import io.leaderboard.events.LeaderboardEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RankingTests {

	@Test
	void tiedScoresShareARankAndTheNextRankSkips() {
		List<LeaderboardEntry> ranked = Ranking
			.fromTop(List.of(player(1, 50), player(2, 40), player(3, 40), player(4, 40), player(5, 10)));

		assertThat(ranked).extracting(LeaderboardEntry::rank).containsExactly(1L, 2L, 2L, 2L, 5L);
	}

	@Test
	void anEmptyBoardHasNoRanks() {
		assertThat(Ranking.fromTop(List.of())).isEmpty();
	}

	@Test
	void redisScoresInExponentFormAreExact() {
		assertThat(RedisLeaderboard.score("1e+15")).isEqualTo(1_000_000_000_000_000L);
		assertThat(RedisLeaderboard.score("9007199254740991")).isEqualTo(9007199254740991L);
		assertThat(RedisLeaderboard.score("-42")).isEqualTo(-42L);
	}

	private static ScoredPlayer player(long id, long score) {
		return new ScoredPlayer(id, "p" + id, score, null);
	}

}
