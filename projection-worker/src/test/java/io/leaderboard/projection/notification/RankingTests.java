package io.leaderboard.projection.notification;

import java.util.List;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.projection.projection.TopReaderAccess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RankingTests {

	@Test
	void tiedScoresShareARankAndRedisExponentsAreExact() {
		List<LeaderboardEntry> top = TopReaderAccess.toEntries(List.of("1", "1e+15", "2", "500", "3", "500", "4", "7"),
				List.of("{\"nickName\":\"A\",\"updatedAt\":\"2026-11-22T10:00:00Z\"}",
						"{\"nickName\":\"B\",\"updatedAt\":null}", "{\"nickName\":\"C\",\"updatedAt\":null}",
						"{\"nickName\":\"D\",\"updatedAt\":null}"),
				new EventCodec());

		assertThat(top).extracting(LeaderboardEntry::rank).containsExactly(1L, 2L, 2L, 4L);
		assertThat(top.get(0).score()).isEqualTo(1_000_000_000_000_000L);
		assertThat(top).extracting(LeaderboardEntry::nickName).containsExactly("A", "B", "C", "D");
	}

}
