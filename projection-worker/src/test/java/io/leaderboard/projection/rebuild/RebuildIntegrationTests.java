package io.leaderboard.projection.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.SortOrder;
import io.leaderboard.projection.ProjectionIntegrationTest;
import io.leaderboard.projection.Scores;
import io.leaderboard.projection.rebuild.BoardRebuilder.Rebuild;
import io.leaderboard.projection.rebuild.Reconciler.Report;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis rebuilt from PostgreSQL: by itself after a loss of data, on demand, and as the
 * repair of drift found by reconciliation.
 */
@ProjectionIntegrationTest
class RebuildIntegrationTests {

	private static final Instant REACHED = Instant.parse("2026-11-20T10:00:00Z");

	private static final LeaderboardKeys GLOBAL = LeaderboardKeys.of("global", "all");

	private static final LeaderboardKeys ARENA = LeaderboardKeys.of("arena", "2026-W47");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		Scores.register(registry);
		registry.add("leaderboard.rebuild.check-interval", () -> "200ms");
	}

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	BoardRebuilder rebuilder;

	@Autowired
	Reconciler reconciler;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void sourceOfTruth() {
		Scores.flush(this.redis);
		this.jdbc.sql("TRUNCATE board_scores, hidden_players, users RESTART IDENTITY CASCADE").update();
		this.jdbc
			.sql("""
					INSERT INTO leaderboards (id, sort_order, operator, reset_schedule) VALUES ('arena', 'asc', 'latest', 'weekly')
					ON CONFLICT (id) DO NOTHING
					""")
			.update();
		player(1, "Ann");
		player(2, "Ben");
		player(3, "Cat");
		entry("global", "all", 1, 500, 3);
		entry("global", "all", 2, 700, 1);
		entry("global", "all", 3, 600, 2);
		entry("arena", "2026-W47", 1, 42, 1);
		entry("arena", "2026-W47", 2, 40, 4);
		this.jdbc.sql("INSERT INTO hidden_players (board, user_id) VALUES ('global', 3)").update();
	}

	@Test
	void aLossOfRedisDataIsNoticedAndEveryBoardIsRebuiltFromPostgresql() {
		flushWithoutSentinel();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.redis.hasKey(LeaderboardKeys.projectionSentinel())).isTrue();
			assertThat(this.redis.opsForZSet().range(GLOBAL.scores(), 0, -1)).containsExactly(member(2), member(1));
		});
		assertThat(this.redis.opsForZSet().score(GLOBAL.scores(), member(2))).isEqualTo(-700.0);
		assertThat(this.redis.opsForZSet().range(GLOBAL.hiddenScores(), 0, -1)).containsExactly(member(3));
		assertThat(this.redis.opsForSet().members(GLOBAL.hidden())).containsExactly("3");
		assertThat(this.redis.opsForHash().get(GLOBAL.versions(), "1")).isEqualTo("3");
		assertThat(this.redis.opsForHash().get(GLOBAL.players(), "2").toString()).contains("\"nickName\":\"Ben\"")
			.contains("\"gamesPlayed\":1");
		assertThat(this.redis.opsForValue().get(GLOBAL.top())).contains("\"nickName\":\"Ben\"")
			.doesNotContain("\"nickName\":\"Cat\"");
		// ascending board: the lowest first
		assertThat(this.redis.opsForZSet().range(ARENA.scores(), 0, -1)).containsExactly(member(2), member(1));
		assertThat(this.redis.opsForSet().members(ARENA.periods())).contains("2026-W47");
		assertThat(this.reconciler.reconcile().drift()).isZero();
	}

	@Test
	void eventsProjectedWhileARebuildRunsReachTheStagingKeysToo() throws Exception {
		// another instance is half-way through rebuilding the period
		this.redis.opsForValue().set(GLOBAL.rebuilding(), "elsewhere", Duration.ofMinutes(1));

		Scores.send(this.kafka,
				Scores.event("global", "all", SortOrder.DESC, 9, "Dan", 900, 1, REACHED.plusSeconds(9)));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, GLOBAL, 9)).isEqualTo(-900.0));
		assertThat(this.redis.opsForZSet().score(LeaderboardKeys.staged(GLOBAL.scores()), member(9))).isEqualTo(-900.0);
		assertThat(this.redis.opsForHash().get(LeaderboardKeys.staged(GLOBAL.versions()), "9")).isEqualTo("1");
		// and that rebuild is not disturbed by a second one
		assertThat(this.rebuilder.rebuildBoard("global", "test").skipped()).containsExactly("global/all");
	}

	@Test
	void reconciliationReportsDriftAndTheRepairSwapsInWhatPostgresqlHolds() {
		Rebuild rebuild = this.rebuilder.rebuildAll("test");
		assertThat(rebuild.complete()).isTrue();
		assertThat(rebuild.rebuilt()).extracting(BoardRebuilder.Rebuilt::entries).containsExactly(2L, 3L);
		assertThat(this.reconciler.reconcile().drift()).isZero();

		// drift: a score Redis never got, a wrong score, and a player PostgreSQL does not
		// know
		this.redis.opsForHash().delete(GLOBAL.versions(), "1");
		this.redis.opsForZSet().add(GLOBAL.scores(), member(2), -1.0);
		this.redis.opsForZSet().add(ARENA.scores(), member(77), 1.0);
		this.redis.opsForHash().put(ARENA.versions(), "77", "1");

		Report report = this.reconciler.reconcile();

		assertThat(report.drift()).isEqualTo(3);
		assertThat(report.drifted()).extracting(Reconciler.PeriodDrift::board).containsExactly("arena", "global");
		assertThat(this.meters.get("leaderboard.drift.entries").gauge().value()).isEqualTo(3.0);

		Report repaired = this.reconciler.repair();

		assertThat(repaired.drift()).isZero();
		assertThat(this.meters.get("leaderboard.drift.entries").gauge().value()).isZero();
		assertThat(this.redis.opsForZSet().score(GLOBAL.scores(), member(2))).isEqualTo(-700.0);
		assertThat(this.redis.opsForZSet().score(ARENA.scores(), member(77))).isNull();
		assertThat(this.redis.hasKey(LeaderboardKeys.staged(GLOBAL.scores()))).isFalse();
		assertThat(this.redis.hasKey(GLOBAL.rebuilding())).isFalse();
	}

	private void flushWithoutSentinel() {
		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
	}

	private void player(long id, String nickName) {
		this.jdbc.sql("INSERT INTO users (id, subject, nick_name) VALUES (:id, :subject, :nick)")
			.param("id", id)
			.param("subject", "player-" + id)
			.param("nick", nickName)
			.update();
	}

	private void entry(String board, String period, long userId, long score, long version) {
		long rankScore = "arena".equals(board) ? score : -score;
		OffsetDateTime reached = OffsetDateTime.ofInstant(REACHED.plusSeconds(userId), ZoneOffset.UTC);
		this.jdbc
			.sql("""
					INSERT INTO board_scores (board, period, user_id, score, rank_score, version, games_played, reached_at, updated_at)
					VALUES (:board, :period, :user, :score, :rankScore, :version, :version, :reached, :reached)
					""")
			.param("board", board)
			.param("period", period)
			.param("user", userId)
			.param("score", score)
			.param("rankScore", rankScore)
			.param("version", version)
			.param("reached", reached)
			.update();
	}

	private static String member(long userId) {
		return Rankings.member(REACHED.plusSeconds(userId), userId);
	}

}
