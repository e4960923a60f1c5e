package io.leaderboard.projection.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.leaderboard.events.EntryRemoved;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Outcomes;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.events.SortOrder;
import io.leaderboard.projection.ProjectionIntegrationTest;
import io.leaderboard.projection.Scores;
import io.leaderboard.projection.notification.TopNotifier;
import io.leaderboard.projection.notification.TopReader;
import io.leaderboard.projection.rebuild.BoardRebuilder.Rebuild;
import io.leaderboard.projection.rebuild.ProjectionSource.BoardPeriod;
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
import org.springframework.transaction.PlatformTransactionManager;

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

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	EventCodec codec;

	@Autowired
	RebuildProperties properties;

	@Autowired
	SnapshotLoader loader;

	@Autowired
	ProjectionShards shards;

	@Autowired
	TopReader topReader;

	@Autowired
	TopNotifier notifier;

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
	void cohortPlacementsSurviveALossOfRedisData() {
		this.jdbc.sql("""
				INSERT INTO leaderboards (id, sort_order, operator, cohort_size) VALUES ('cup', 'desc', 'best', 2)
				ON CONFLICT (id) DO NOTHING
				""").update();
		entry("cup", "all", 1, 10, 1);
		entry("cup", "all", 2, 20, 1);
		entry("cup", "all", 3, 30, 1);
		this.jdbc.sql("""
				INSERT INTO board_cohorts (board, period, user_id, cohort)
				VALUES ('cup', 'all', 1, '1'), ('cup', 'all', 2, '1'), ('cup', 'all', 3, '2')
				""").update();
		LeaderboardKeys cup = LeaderboardKeys.of("cup", "all");

		flushWithoutSentinel();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.redis.hasKey(LeaderboardKeys.projectionSentinel())).isTrue();
			assertThat(this.redis.opsForHash().entries(cup.cohortOf())).containsOnly(Map.entry("1", "1"),
					Map.entry("2", "1"), Map.entry("3", "2"));
		});
		assertThat(this.redis.opsForZSet().range(cup.cohorts(), 0, -1)).containsExactly("1/1", "1/2", "2/3");
		assertThat(this.redis.opsForZSet().size(cup.scores())).isEqualTo(3);
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

	@Test
	void aSubscoreBoardIsRebuiltWithTheMembersAndOrderItsEventsProjected() throws Exception {
		LeaderboardKeys race = LeaderboardKeys.of("race", "all");
		long max = ScoreChanged.MAX_SAFE_SCORE;
		this.jdbc.sql("""
				INSERT INTO leaderboards (id, sort_order, operator, reset_schedule, subscore_order)
				VALUES ('race', 'desc', 'best', 'none', 'desc') ON CONFLICT (id) DO NOTHING
				""").update();
		long[][] pairs = { { 1, 10, max }, { 2, 10, -max }, { 3, 10, 0 }, { 4, 11, -max } };
		for (long[] pair : pairs) {
			if (pair[0] > 3) {
				player(pair[0], "Dan");
			}
			this.jdbc
				.sql("""
						INSERT INTO board_scores (board, period, user_id, score, rank_score, subscore, rank_subscore, version,
						                          games_played, reached_at, updated_at)
						VALUES ('race', 'all', :user, :score, -:score, :subscore, -:subscore, 1, 1, :reached, :reached)
						""")
				.param("user", pair[0])
				.param("score", pair[1])
				.param("subscore", pair[2])
				.param("reached", OffsetDateTime.ofInstant(REACHED, ZoneOffset.UTC))
				.update();
			Scores.send(this.kafka, Scores.event("race", SortOrder.DESC, pair[0], pair[1], pair[2], REACHED));
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.redis.opsForZSet().size(race.scores())).isEqualTo(4));
		Map<Object, Object> projected = new TreeMap<>(this.redis.opsForHash().entries(race.members()));
		List<String> order = this.redis.opsForZSet().range(race.scores(), 0, -1).stream().toList();
		Scores.flush(this.redis);

		assertThat(this.rebuilder.rebuildAll("test").complete()).isTrue();

		assertThat(new TreeMap<>(this.redis.opsForHash().entries(race.members()))).isEqualTo(projected);
		assertThat(this.redis.opsForZSet().range(race.scores(), 0, -1)).containsExactlyElementsOf(order);
		assertThat(order.stream().map(Rankings::userId)).containsExactly(4L, 1L, 3L, 2L);
		assertThat(order.stream().map(Rankings::subscore)).containsExactly(-max, max, 0L, -max);
	}

	@Test
	void aRebuildWritesExactlyWhatTheProjectionOfTheSameScoresWrote() throws Exception {
		this.jdbc.sql("UPDATE users SET nick_name = :nick WHERE id = 2")
			.param("nick", "Zoë \"Q\" \\ \t \uD83C\uDFC6")
			.update();
		this.jdbc
			.sql("""
					UPDATE board_scores SET metadata = CAST(:metadata AS jsonb), updated_at = updated_at + interval '0.123456 s',
					       reached_at = reached_at + interval '0.5 s', wins = 2, losses = 1, draws = 3
					WHERE user_id = 1
					""")
			.param("metadata", "{\"zone\": \"é\\n\", \"level\": 3, \"tags\": [true, null, 2.5]}")
			.update();
		// the projection finds hidden players where a rebuild leaves them
		this.redis.opsForSet().add(GLOBAL.hidden(), "3");
		for (ScoreChanged event : eventsOfWhatPostgresqlHolds()) {
			Scores.send(this.kafka, event);
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.redis.opsForHash().size(GLOBAL.versions())).isEqualTo(3);
			assertThat(this.redis.opsForHash().size(ARENA.versions())).isEqualTo(2);
		});
		Map<String, Object> projected = contents(GLOBAL, ARENA);
		Scores.flush(this.redis);

		assertThat(this.rebuilder.rebuildAll("test").complete()).isTrue();

		assertThat(contents(GLOBAL, ARENA)).isEqualTo(projected);
		assertThat(this.redis.keys("*:snapshot:*")).isEmpty();
	}

	@Test
	void scoresProjectedDuringARebuildAreNeitherLostNorUndoneByTheOlderSnapshot() {
		// the snapshot is read; before the swap, the projection applies three events
		BoardRebuilder rebuilder = rebuilderWithEventsAfterTheSnapshot(() -> {
			try {
				// newer than the snapshot (version 1): wins
				Scores.send(this.kafka, Scores.event("global", "all", SortOrder.DESC, 2, "Ben", 800, 2, REACHED));
				// older than the snapshot (version 3): must not undo it
				Scores.send(this.kafka, Scores.event("global", "all", SortOrder.DESC, 1, "Ann", 999, 2, REACHED));
				// a player the snapshot does not know yet
				Scores.send(this.kafka, Scores.event("global", "all", SortOrder.DESC, 9, "Dan", 900, 1, REACHED));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(this.redis.opsForHash()
					.multiGet(LeaderboardKeys.staged(GLOBAL.versions()), List.of("1", "2", "9")))
					.containsExactly("2", "2", "1"));
		});

		Rebuild rebuild = rebuilder.rebuildBoard("global", "test");

		assertThat(rebuild.complete()).isTrue();
		assertThat(Scores.visibleScore(this.redis, GLOBAL, 2)).isEqualTo(-800.0);
		assertThat(this.redis.opsForHash().get(GLOBAL.versions(), "2")).isEqualTo("2");
		assertThat(Scores.visibleScore(this.redis, GLOBAL, 1)).isEqualTo(-500.0);
		assertThat(this.redis.opsForHash().get(GLOBAL.versions(), "1")).isEqualTo("3");
		assertThat(Scores.visibleScore(this.redis, GLOBAL, 9)).isEqualTo(-900.0);
		assertThat(this.redis.opsForHash().get(GLOBAL.players(), "9").toString()).contains("\"nickName\":\"Dan\"");
		// one member per player: the snapshot's member of Ben made way for the event's
		assertThat(this.redis.opsForZSet().range(GLOBAL.scores(), 0, -1)).containsExactly(memberAt(REACHED, 9),
				memberAt(REACHED, 2), member(1));
		assertThat(this.redis.opsForZSet().range(GLOBAL.hiddenScores(), 0, -1)).containsExactly(member(3));
		assertThat(this.redis.keys("*:staged*")).isEmpty();
		assertThat(this.redis.keys("*:snapshot:*")).isEmpty();
		assertThat(this.redis.hasKey(GLOBAL.rebuilding())).isFalse();
		assertThat(this.redis.getExpire(GLOBAL.scores())).isEqualTo(-1L);
	}

	@Test
	void anEntryRemovedDuringARebuildDoesNotComeBackWithTheOlderSnapshot() {
		// the snapshot holds Ann (version 3) and Ben (version 1); then both are voided
		// away, and Ben starts a new entry
		BoardRebuilder rebuilder = rebuilderWithEventsAfterTheSnapshot(() -> {
			try {
				Scores.send(this.kafka, new EntryRemoved(EntryRemoved.SCHEMA_VERSION, "global", "all", SortOrder.DESC,
						1, 4, Instant.now()));
				Scores.send(this.kafka, new EntryRemoved(EntryRemoved.SCHEMA_VERSION, "global", "all", SortOrder.DESC,
						2, 2, Instant.now()));
				Scores.send(this.kafka, Scores.event("global", "all", SortOrder.DESC, 2, "Ben", 10, 1, REACHED));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(this.redis.opsForHash().get(LeaderboardKeys.staged(GLOBAL.versions()), "2")).isEqualTo("1");
				assertThat(this.redis.opsForHash().entries(GLOBAL.removedDuringRebuild()))
					.isEqualTo(Map.of("1", "4", "2", "2"));
			});
		});

		Rebuild rebuild = rebuilder.rebuildBoard("global", "test");

		assertThat(rebuild.complete()).isTrue();
		assertThat(this.redis.opsForHash().hasKey(GLOBAL.members(), "1")).isFalse();
		assertThat(this.redis.opsForHash().hasKey(GLOBAL.versions(), "1")).isFalse();
		assertThat(Scores.visibleScore(this.redis, GLOBAL, 2)).isEqualTo(-10.0);
		assertThat(this.redis.opsForHash().get(GLOBAL.versions(), "2")).isEqualTo("1");
		assertThat(this.redis.opsForZSet().range(GLOBAL.scores(), 0, -1)).containsExactly(memberAt(REACHED, 2));
		assertThat(this.redis.keys("*:staged*")).isEmpty();
	}

	private BoardRebuilder rebuilderWithEventsAfterTheSnapshot(Runnable events) {
		ProjectionSource source = new ProjectionSource(this.dataSource, this.transactions, this.codec,
				this.properties) {

			@Override
			public void entries(BoardPeriod period, int chunkSize, Consumer<List<StoredEntry>> sink) {
				super.entries(period, chunkSize, sink);
				events.run();
			}

		};
		return new BoardRebuilder(source, this.redis, this.loader, this.shards, this.topReader, this.notifier,
				this.properties, this.meters);
	}

	/**
	 * The ScoreChanged events the api-service would have published for what PostgreSQL
	 * holds.
	 */
	private List<ScoreChanged> eventsOfWhatPostgresqlHolds() {
		return this.jdbc.sql("""
				SELECT s.board, s.period, l.sort_order, s.user_id, u.nick_name, s.score, s.version, s.games_played,
				       CAST(s.metadata AS text) AS metadata, s.reached_at, s.updated_at, s.wins, s.losses, s.draws
				FROM board_scores s JOIN users u ON u.id = s.user_id JOIN leaderboards l ON l.id = s.board
				""")
			.query((rs, row) -> new ScoreChanged(ScoreChanged.SCHEMA_VERSION, rs.getString("board"),
					rs.getString("period"), SortOrder.of(rs.getString("sort_order")), rs.getLong("user_id"),
					rs.getString("nick_name"), rs.getLong("score"), null, rs.getLong("version"),
					rs.getLong("games_played"),
					new Outcomes(rs.getLong("wins"), rs.getLong("losses"), rs.getLong("draws")),
					this.codec.tree(rs.getString("metadata")),
					rs.getObject("reached_at", OffsetDateTime.class).toInstant(),
					rs.getObject("updated_at", OffsetDateTime.class).toInstant(), Instant.now()))
			.list();
	}

	/** Everything the projection keeps of the periods' entries. */
	private Map<String, Object> contents(LeaderboardKeys... periods) {
		Map<String, Object> contents = new TreeMap<>();
		for (LeaderboardKeys keys : periods) {
			for (String zset : List.of(keys.scores(), keys.hiddenScores())) {
				contents.put(zset,
						this.redis.opsForZSet()
							.rangeWithScores(zset, 0, -1)
							.stream()
							.map((tuple) -> tuple.getValue() + "=" + tuple.getScore())
							.toList());
			}
			for (String hash : List.of(keys.members(), keys.players(), keys.versions())) {
				contents.put(hash, new TreeMap<>(this.redis.opsForHash().entries(hash)));
			}
		}
		return contents;
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
		return memberAt(REACHED.plusSeconds(userId), userId);
	}

	private static String memberAt(Instant reachedAt, long userId) {
		return Rankings.member(reachedAt, userId);
	}

}
