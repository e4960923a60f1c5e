package io.leaderboard.events;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BoardShardsTests {

	@Test
	void aBoardWithOneShardKeepsItsOwnKeys() {
		BoardShards shards = BoardShards.single("weekly");

		assertThat(shards.keysOf("2026-W49", 42)).isEqualTo(LeaderboardKeys.of("weekly", "2026-W49"));
		assertThat(shards.all("all")).containsExactly(LeaderboardKeys.of("weekly", "all"));
	}

	@Test
	void eachShardHasAHashTagOfItsOwn() {
		BoardShards shards = BoardShards.of("weekly", 4);

		assertThat(shards.all("all")).extracting(LeaderboardKeys::scores)
			.containsExactly("leaderboard:{weekly#0}:all:scores", "leaderboard:{weekly#1}:all:scores",
					"leaderboard:{weekly#2}:all:scores", "leaderboard:{weekly#3}:all:scores");
	}

	@Test
	void consecutivePlayersSpreadEvenlyAndStayWhereTheyAre() {
		BoardShards shards = BoardShards.of("giant", 4);
		long[] perShard = new long[4];
		LongStream.rangeClosed(1, 100_000).forEach((user) -> perShard[shards.of(user)]++);

		assertThat(LongStream.of(perShard)).allSatisfy((count) -> assertThat(count).isBetween(24_000L, 26_000L));
		assertThat(shards.of(123_456_789L)).isEqualTo(shards.of(123_456_789L));
		assertThat(BoardShards.of("giant", 64).of(-1L)).isBetween(0, 63);
	}

	@Test
	void aBoardHasOneToSixtyFourShards() {
		assertThatIllegalArgumentException().isThrownBy(() -> BoardShards.of("weekly", 0));
		assertThatIllegalArgumentException().isThrownBy(() -> BoardShards.of("weekly", 65));
	}

}
