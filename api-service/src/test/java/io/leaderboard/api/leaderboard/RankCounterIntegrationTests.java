package io.leaderboard.api.leaderboard;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.leaderboard.RankCounter.Ranks;
import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.events.Boards;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The ranks a score's answer carries, counted against the projection. */
class RankCounterIntegrationTests extends ApiTestBase {

	@Autowired
	RankCounter ranks;

	@Test
	void aNewScoreProjectedBeforeTheAnswerIsCountedAgainstNeitherRank() {
		submit("global", "carol", 300);
		submit("global", "dave", 150);
		submit("global", "alice", 100);
		submit("global", "alice", 200);
		// the projector was faster than the answer: alice's 200 is in Redis already
		this.projection.sync();
		Board global = this.catalog.require(Boards.GLOBAL);
		long alice = this.jdbc.sql("SELECT id FROM users WHERE subject = 'alice'").query(Long.class).single();

		Ranks counted = this.ranks
			.ranksOf(new RankCounter.Written(global, Boards.ALL_TIME, alice, 200, 100L, null, null));

		assertThat(counted.rank()).isEqualTo(2);
		assertThat(counted.previousRank()).isEqualTo(3);
	}

}
