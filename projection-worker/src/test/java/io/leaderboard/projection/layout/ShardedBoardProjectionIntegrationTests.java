package io.leaderboard.projection.layout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.Boards;
import io.leaderboard.events.EntryRemoved;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerHidden;
import io.leaderboard.events.PlayerShown;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.events.SortOrder;
import io.leaderboard.projection.Notifications;
import io.leaderboard.projection.ProjectionIntegrationTest;
import io.leaderboard.projection.Scores;
import io.leaderboard.projection.ShardedBoards;
import io.leaderboard.projection.notification.TopReader;
import io.leaderboard.projection.projection.RedisProjection;
import io.leaderboard.projection.rebuild.BoardRebuilder;
import io.leaderboard.projection.rebuild.BoardRebuilder.Rebuilt;
import io.leaderboard.projection.rebuild.Reconciler;
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
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A board declared with several shards keeps each player in one of them, and is ranked,
 * notified, moderated, rebuilt and reconciled as one board: what a spectator sees is what
 * the same scores show on a board in one set of keys.
 */
@ProjectionIntegrationTest
class ShardedBoardProjectionIntegrationTests {

	private static final Instant REACHED = Instant.parse("2026-11-20T10:00:00Z");

	private static final String PERIOD = "all";

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
	RedisProjection projection;

	@Autowired
	TopReader topReader;

	@Autowired
	BoardRebuilder rebuilder;

	@Autowired
	Reconciler reconciler;

	final EventCodec codec = new EventCodec();

	BoardShards giant;

	BoardShards plain;

	@BeforeEach
	void boards() {
		Scores.flush(this.redis);
		this.jdbc.sql("TRUNCATE board_scores, hidden_players, users RESTART IDENTITY CASCADE").update();
		this.giant = ShardedBoards.declare(this.jdbc, "giant", 4, "none", null);
		this.plain = ShardedBoards.declare(this.jdbc, "plain", 1, "none", null);
	}

	@Test
	void everyPlayerLivesInTheirShardAndSpectatorsSeeTheBoardAsOne() throws Exception {
		try (Notifications notifications = Notifications.leaderboardChanges()) {
			for (long user = 1; user <= 40; user++) {
				for (String board : List.of("giant", "plain")) {
					Scores.send(this.kafka, Scores.event(board, PERIOD, SortOrder.DESC, user, "p" + user, score(user),
							1, reachedAt(user)));
				}
			}

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				assertThat(ShardedBoards.players(this.redis, this.giant, PERIOD)).isEqualTo(40);
				assertThat(cachedTop("giant")).hasSize(10).isEqualTo(cachedTop("plain"));
			});
			for (long user = 1; user <= 40; user++) {
				assertThat(ShardedBoards.shardsHolding(this.redis, this.giant, PERIOD, user))
					.containsExactly(this.giant.of(user));
			}
			assertThat(this.giant.all(PERIOD))
				.allSatisfy((shard) -> assertThat(this.redis.opsForZSet().zCard(shard.scores())).isPositive());
			assertThat(this.redis.hasKey(LeaderboardKeys.of("giant", PERIOD).scores())).isFalse();
			List<LeaderboardEntry> top = this.topReader.top("giant", PERIOD, SortOrder.DESC, Boards.TOP_SIZE).entries();
			assertThat(top).isEqualTo(this.topReader.top("plain", PERIOD, SortOrder.DESC, Boards.TOP_SIZE).entries());
			// equal scores of players in different shards share a rank
			assertThat(top.stream().map(LeaderboardEntry::rank).distinct().count()).isLessThan(top.size());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(lastChangeOf(notifications, "giant")).isEqualTo(top));
		}
	}

	/**
	 * A sharded board counts the players of the other shards as they are after the batch,
	 * a board in one set of keys as they are when the event is written: in a batch listed
	 * best first, where no later score overtakes an earlier one, the two agree.
	 */
	@Test
	void theRanksABatchTellsArePlayersRanksOnTheWholeBoard() {
		List<ScoreChanged> first = new ArrayList<>();
		for (long user = 1; user <= 30; user++) {
			first
				.add(Scores.event("giant", "ranks", SortOrder.DESC, user, "p" + user, score(user), 1, reachedAt(user)));
		}
		first.sort(Comparator.comparingLong((ScoreChanged event) -> -event.score()));
		assertAppliedAlike(first);

		// better scores of some players, pairs of them tied, and a stale one
		List<ScoreChanged> second = new ArrayList<>();
		for (long user = 1; user <= 10; user++) {
			second.add(Scores.event("giant", "ranks", SortOrder.DESC, user, "p" + user, 300 - user / 2, 2,
					reachedAt(user + 1)));
		}
		second.add(Scores.event("giant", "ranks", SortOrder.DESC, 20, "p20", 999, 1, REACHED));
		assertAppliedAlike(second);
	}

	@Test
	void aBoardWithASubscoreRanksEqualPairsAlikeAcrossShards() {
		ShardedBoards.declare(this.jdbc, "giant-race", 4, "none", "desc");
		ShardedBoards.declare(this.jdbc, "plain-race", 1, "none", "desc");
		List<ScoreChanged> giantRace = new ArrayList<>();
		List<ScoreChanged> plainRace = new ArrayList<>();
		for (long user = 1; user <= 24; user++) {
			giantRace.add(Scores.event("giant-race", SortOrder.DESC, user, user % 4, user % 3, reachedAt(user)));
			plainRace.add(Scores.event("plain-race", SortOrder.DESC, user, user % 4, user % 3, reachedAt(user)));
		}
		Comparator<ScoreChanged> bestFirst = Comparator.comparingLong((ScoreChanged event) -> -event.score())
			.thenComparingLong((event) -> -event.subscore());
		giantRace.sort(bestFirst);
		plainRace.sort(bestFirst);

		RedisProjection.Applied sharded = this.projection.apply("giant-race", PERIOD, SortOrder.DESC, giantRace,
				Boards.TOP_SIZE);
		RedisProjection.Applied single = this.projection.apply("plain-race", PERIOD, SortOrder.DESC, plainRace,
				Boards.TOP_SIZE);

		assertThat(sharded.ranks()).isEqualTo(single.ranks());
		assertThat(sharded.top().entries()).isEqualTo(single.top().entries());
		assertThat(sharded.top().entries()).extracting(LeaderboardEntry::rank).containsSubsequence(1L, 1L);
	}

	@Test
	void aRemovalAndAModerationDecisionLandOnThePlayersShard() throws Exception {
		for (long user = 1; user <= 12; user++) {
			Scores.send(this.kafka,
					Scores.event("giant", PERIOD, SortOrder.DESC, user, "p" + user, 1000 + user, 1, REACHED));
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(
					() -> assertThat(cachedTop("giant")).extracting(LeaderboardEntry::userId).startsWith(12L, 11L));

		Scores.send(this.kafka,
				new EntryRemoved(EntryRemoved.SCHEMA_VERSION, "giant", PERIOD, SortOrder.DESC, 12, 2, Instant.now()));
		Scores.send(this.kafka,
				new PlayerHidden(PlayerHidden.SCHEMA_VERSION, "giant", SortOrder.DESC, 11, 1, Instant.now()));

		LeaderboardKeys hiddenShard = this.giant.keysOf(PERIOD, 11);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(ShardedBoards.shardsHolding(this.redis, this.giant, PERIOD, 12)).isEmpty();
			assertThat(this.redis.opsForSet().members(hiddenShard.hidden())).containsExactly("11");
			assertThat(cachedTop("giant")).extracting(LeaderboardEntry::userId, LeaderboardEntry::rank)
				.startsWith(tuple(10L, 1L), tuple(9L, 2L));
		});
		assertThat(this.redis.opsForZSet().zCard(hiddenShard.hiddenScores())).isEqualTo(1);
		assertThat(Scores.visibleScore(this.redis, hiddenShard, 11)).isNull();
		assertThat(this.redis.opsForHash().get(hiddenShard.moderation(), "11")).isEqualTo("1");
		for (LeaderboardKeys shard : this.giant.all(PERIOD)) {
			if (!shard.equals(hiddenShard)) {
				assertThat(this.redis.opsForSet().members(shard.hidden())).isEmpty();
				assertThat(this.redis.opsForZSet().zCard(shard.hiddenScores())).isZero();
			}
		}

		Scores.send(this.kafka,
				new PlayerShown(PlayerShown.SCHEMA_VERSION, "giant", SortOrder.DESC, 11, 2, Instant.now()));

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(Scores.visibleScore(this.redis, hiddenShard, 11)).isEqualTo(-1011.0);
			assertThat(this.redis.opsForSet().members(hiddenShard.hidden())).isEmpty();
			assertThat(cachedTop("giant")).extracting(LeaderboardEntry::userId).startsWith(11L, 10L, 9L);
		});
	}

	@Test
	void aShardedBoardIsRebuiltShardByShardAfterALossOfRedisDataAndReconciled() {
		for (long user = 1; user <= 40; user++) {
			ShardedBoards.player(this.jdbc, user);
			ShardedBoards.entry(this.jdbc, LeaderboardKeys.of("giant", PERIOD), user, score(user), reachedAt(user));
		}
		this.jdbc.sql("INSERT INTO hidden_players (board, user_id) VALUES ('giant', 5)").update();

		BoardRebuilder.Rebuild rebuild = this.rebuilder.rebuildAll("test");

		assertThat(rebuild.complete()).isTrue();
		assertThat(rebuild.rebuilt()).extracting(Rebuilt::board, Rebuilt::entries).containsExactly(tuple("giant", 40L));
		for (long user = 1; user <= 40; user++) {
			assertThat(ShardedBoards.shardsHolding(this.redis, this.giant, PERIOD, user))
				.containsExactly(this.giant.of(user));
		}
		LeaderboardKeys hiddenShard = this.giant.keysOf(PERIOD, 5);
		assertThat(this.redis.opsForSet().members(hiddenShard.hidden())).containsExactly("5");
		assertThat(this.redis.opsForZSet().zCard(hiddenShard.hiddenScores())).isEqualTo(1);
		assertThat(this.topReader.top("giant", PERIOD, SortOrder.DESC, Boards.TOP_SIZE).entries())
			.extracting(LeaderboardEntry::userId)
			.containsExactlyElementsOf(expectedTop(5));
		assertThat(this.reconciler.reconcile().drift()).isZero();
		Map<String, Object> rebuilt = ShardedBoards.contents(this.redis, this.giant, PERIOD);

		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.redis.hasKey(LeaderboardKeys.projectionSentinel())).isTrue();
			assertThat(ShardedBoards.contents(this.redis, this.giant, PERIOD)).isEqualTo(rebuilt);
		});
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(cachedTop("giant")).extracting(LeaderboardEntry::userId)
				.containsExactlyElementsOf(expectedTop(5)));

		// drift in one shard: found there, and repaired
		LeaderboardKeys drifted = this.giant.keysOf(PERIOD, 7);
		this.redis.opsForHash().delete(drifted.versions(), "7");
		Reconciler.Report report = this.reconciler.reconcile();
		assertThat(report.drift()).isEqualTo(1);
		assertThat(report.drifted()).singleElement().satisfies((drift) -> {
			assertThat(drift.board()).isEqualTo("giant");
			assertThat(drift.sample()).containsExactly("7");
		});
		assertThat(this.reconciler.repair().drift()).isZero();
		assertThat(ShardedBoards.contents(this.redis, this.giant, PERIOD)).isEqualTo(rebuilt);
	}

	/** The same batch on the sharded board and on the board in one set of keys. */
	private void assertAppliedAlike(List<ScoreChanged> events) {
		List<ScoreChanged> onPlain = events.stream()
			.map((event) -> Scores.event("plain", event.period(), SortOrder.DESC, event.userId(), event.nickName(),
					event.score(), event.version(), event.reachedAt()))
			.toList();

		RedisProjection.Applied sharded = this.projection.apply("giant", "ranks", SortOrder.DESC, events,
				Boards.TOP_SIZE);
		RedisProjection.Applied single = this.projection.apply("plain", "ranks", SortOrder.DESC, onPlain,
				Boards.TOP_SIZE);

		assertThat(sharded.applied()).isEqualTo(single.applied());
		assertThat(sharded.ranks()).isEqualTo(single.ranks());
		assertThat(sharded.top().entries()).isEqualTo(single.top().entries());
	}

	/** Scores in few values, so players of different shards tie. */
	private static long score(long user) {
		return 100 + (user % 7) * 10;
	}

	/** Times in few values, so equal scores are ordered by time and then by user id. */
	private static Instant reachedAt(long user) {
		return REACHED.plusSeconds(user % 3);
	}

	/** The top ten of the 40 players {@link #score} gives, leaving out one hidden. */
	private static List<Long> expectedTop(long hidden) {
		return LongStream.rangeClosed(1, 40)
			.filter((user) -> user != hidden)
			.boxed()
			.sorted(Comparator.comparingLong((Long user) -> -score(user))
				.thenComparing(ShardedBoardProjectionIntegrationTests::reachedAt)
				.thenComparing(Comparator.naturalOrder()))
			.limit(10)
			.toList();
	}

	private List<LeaderboardEntry> cachedTop(String board) {
		String json = this.redis.opsForValue().get(LeaderboardKeys.of(board, PERIOD).top());
		return (json != null) ? this.codec.entries(json) : List.of();
	}

	private static List<LeaderboardEntry> lastChangeOf(Notifications notifications, String board) {
		List<LeaderboardChanged> changes = notifications.changes()
			.stream()
			.filter((changed) -> changed.board().equals(board))
			.toList();
		return changes.isEmpty() ? List.of() : changes.get(changes.size() - 1).top();
	}

}
