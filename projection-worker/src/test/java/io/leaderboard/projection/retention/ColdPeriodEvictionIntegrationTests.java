package io.leaderboard.projection.retention;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.projection.ProjectionIntegrationTest;
import io.leaderboard.projection.Scores;
import io.leaderboard.projection.rebuild.BoardRebuilder;
import io.leaderboard.projection.rebuild.Reconciler;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A closed period that api-service no longer counts among its board's hot ones leaves
 * Redis, stays out of rebuilds and reconciliation, and the entries Redis holds are
 * counted without it.
 */
@ProjectionIntegrationTest
class ColdPeriodEvictionIntegrationTests {

	private static final LeaderboardKeys COLD = LeaderboardKeys.of("seasonal", "2026-W46");

	private static final LeaderboardKeys HOT = LeaderboardKeys.of("seasonal", "2026-W47");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		Scores.register(registry);
	}

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	BoardRebuilder rebuilder;

	@Autowired
	Reconciler reconciler;

	@Autowired
	ColdPeriodEviction eviction;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void twoClosedWeeksInRedis() {
		Scores.flush(this.redis);
		this.jdbc.sql("TRUNCATE board_scores, hidden_players, closed_periods, users RESTART IDENTITY CASCADE").update();
		this.jdbc
			.sql("""
					INSERT INTO leaderboards (id, sort_order, operator, reset_schedule) VALUES ('seasonal', 'desc', 'best', 'weekly')
					ON CONFLICT (id) DO NOTHING
					""")
			.update();
		this.jdbc.sql("INSERT INTO users (id, subject, nick_name) VALUES (1, 'ann', 'Ann'), (2, 'ben', 'Ben')")
			.update();
		entry(COLD, 1, 10);
		entry(COLD, 2, 20);
		entry(HOT, 1, 30);
		assertThat(this.rebuilder.rebuildAll("test").complete()).isTrue();
		assertThat(this.redis.opsForZSet().zCard(COLD.scores())).isEqualTo(2);
		closed(COLD, false);
		closed(HOT, true);
	}

	@Test
	void aColdPeriodLeavesRedisAndTheHotOneStays() {
		assertThat(this.eviction.evict()).containsExactly(COLD);

		assertThat(this.redis.keys("leaderboard:{seasonal}:2026-W46:*")).isEmpty();
		assertThat(this.redis.opsForSet().members(COLD.periods())).containsExactly("2026-W47");
		assertThat(this.redis.opsForZSet().zCard(HOT.scores())).isEqualTo(1);
		assertThat(this.redis.opsForHash().get(HOT.players(), "1").toString()).contains("\"nickName\":\"Ann\"");
		assertThat(this.eviction.evict()).isEmpty();
	}

	@Test
	void keysLeftByAnInterruptedPassGoOnTheNext() {
		this.redis.opsForSet().remove(COLD.periods(), COLD.period());

		assertThat(this.eviction.evict()).containsExactly(COLD);
		assertThat(this.redis.keys("leaderboard:{seasonal}:2026-W46:*")).isEmpty();
		assertThat(this.redis.opsForZSet().zCard(HOT.scores())).isEqualTo(1);
	}

	@Test
	void rebuildsAndReconciliationLeaveAColdPeriodOut() {
		this.eviction.evict();

		assertThat(this.rebuilder.rebuildAll("test").complete()).isTrue();
		assertThat(this.redis.keys("leaderboard:{seasonal}:2026-W46:*")).isEmpty();
		assertThat(this.reconciler.reconcile().drift()).isZero();
	}

	@Test
	void theEntriesRedisHoldsAreCounted() {
		assertThat(this.eviction.count()).isEqualTo(3);
		this.eviction.evict();

		assertThat(this.eviction.count()).isEqualTo(1);
		assertThat(this.meters.get("leaderboard.projection.entries").gauge().value()).isEqualTo(1.0);
	}

	private void entry(LeaderboardKeys keys, long userId, long score) {
		OffsetDateTime reached = OffsetDateTime.ofInstant(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(userId),
				ZoneOffset.UTC);
		this.jdbc.sql("""
				INSERT INTO board_scores (board, period, user_id, score, rank_score, reached_at, updated_at)
				VALUES (:board, :period, :user, :score, :rankScore, :reached, :reached)
				""")
			.param("board", keys.board())
			.param("period", keys.period())
			.param("user", userId)
			.param("score", score)
			.param("rankScore", -score)
			.param("reached", reached)
			.update();
	}

	private void closed(LeaderboardKeys keys, boolean hot) {
		this.jdbc.sql("""
				INSERT INTO closed_periods (board, period, starts_at, ends_at, closed_at, players, hot)
				VALUES (:board, :period, now(), now(), now(), 0, :hot)
				""").param("board", keys.board()).param("period", keys.period()).param("hot", hot).update();
	}

}
