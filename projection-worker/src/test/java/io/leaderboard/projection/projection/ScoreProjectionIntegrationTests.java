package io.leaderboard.projection.projection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Outcomes;
import io.leaderboard.events.PlayerRankChanged;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.events.SortOrder;
import io.leaderboard.events.Topics;
import io.leaderboard.projection.Notifications;
import io.leaderboard.projection.ProjectionIntegrationTest;
import io.leaderboard.projection.Scores;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ProjectionIntegrationTest
class ScoreProjectionIntegrationTests {

	private static final LeaderboardKeys KEYS = LeaderboardKeys.of("global", "all");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		Scores.register(registry);
	}

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	DeadLetterReplay deadLetterReplay;

	final EventCodec codec = new EventCodec();

	@BeforeEach
	void cleanSlate() {
		Scores.flush(this.redis);
	}

	@Test
	void anEventLandsInTheSortedSetThePlayerDetailsAndTheCachedTop() throws Exception {
		Scores.send(this.kafka, Scores.event(7, "Alice", 4500, 1));

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(Scores.visibleScore(this.redis, KEYS, 7)).isEqualTo(-4500.0);
			assertThat(this.redis.opsForHash().get(KEYS.versions(), "7")).isEqualTo("1");
			assertThat(this.redis.opsForHash().get(KEYS.players(), "7").toString()).contains("\"nickName\":\"Alice\"");
			assertThat(this.redis.opsForValue().get(KEYS.top())).isNotNull();
		});
		List<LeaderboardEntry> top = this.codec.entries(this.redis.opsForValue().get(KEYS.top()));
		assertThat(top).singleElement().satisfies((entry) -> {
			assertThat(entry.rank()).isEqualTo(1);
			assertThat(entry.userId()).isEqualTo(7);
			assertThat(entry.nickName()).isEqualTo("Alice");
			assertThat(entry.score()).isEqualTo(4500);
		});
	}

	@Test
	void theEntrysOutcomesReachThePlayerDetailsAndAnEventWithoutThemCountsNone() throws Exception {
		String withOutcomes = """
				{"schemaVersion": 3, "board": "global", "period": "all", "sortOrder": "desc", "userId": 31,
				 "nickName": "Dee", "score": 50, "previousScore": null, "version": 4, "gamesPlayed": 4,
				 "outcomes": {"wins": 2, "losses": 1, "draws": 1}, "metadata": null,
				 "reachedAt": "2026-11-22T14:30:00+00:00", "updatedAt": "2026-11-22T14:30:00+00:00",
				 "occurredAt": "2026-11-22T14:30:00+00:00"}
				""";
		String versionTwo = withOutcomes.replace("\"schemaVersion\": 3", "\"schemaVersion\": 2")
			.replace("\"userId\": 31", "\"userId\": 32")
			.replace("\"outcomes\": {\"wins\": 2, \"losses\": 1, \"draws\": 1}, ", "");
		this.kafka.send(Topics.SCORE_EVENTS, "31", withOutcomes.getBytes(StandardCharsets.UTF_8)).get();
		this.kafka.send(Topics.SCORE_EVENTS, "32", versionTwo.getBytes(StandardCharsets.UTF_8)).get();

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(details(31)).isEqualTo(new Outcomes(2, 1, 1));
			assertThat(details(32)).isEqualTo(Outcomes.NONE);
		});
	}

	private Outcomes details(long userId) {
		Object json = this.redis.opsForHash().get(KEYS.players(), Long.toString(userId));
		assertThat(json).isNotNull();
		return this.codec.playerDetails(json.toString()).outcomes();
	}

	@Test
	void aReplayedOrOlderEventChangesNothing() throws Exception {
		Scores.send(this.kafka, Scores.event(8, "Bob", 300, 3));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.redis.opsForHash().get(KEYS.versions(), "8")).isEqualTo("3"));

		Scores.send(this.kafka, Scores.event(8, "Bobby", 300, 3));
		Scores.send(this.kafka, Scores.event(8, "Robert", 200, 2));
		// a marker from another player: once it is applied, the two before it were
		// handled
		Scores.send(this.kafka, Scores.event(9, "Marker", 1, 1));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, KEYS, 9)).isEqualTo(-1.0));

		assertThat(Scores.visibleScore(this.redis, KEYS, 8)).isEqualTo(-300.0);
		assertThat(this.redis.opsForHash().get(KEYS.versions(), "8")).isEqualTo("3");
		assertThat(this.redis.opsForHash().get(KEYS.players(), "8").toString()).contains("\"nickName\":\"Bob\"");
	}

	@Test
	void aPoisonEventGoesToTheDeadLetterTopicAndLaterEventsStillApply() throws Exception {
		try (Notifications deadLetters = new Notifications(Topics.SCORE_EVENTS_DLQ, 1)) {
			this.kafka.send(Topics.SCORE_EVENTS, "666", "{not json".getBytes(StandardCharsets.UTF_8)).get();
			Scores.send(this.kafka, Scores.event(10, "After", 50, 1));

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				assertThat(Scores.visibleScore(this.redis, KEYS, 10)).isEqualTo(-50.0);
				assertThat(deadLetters.records()).hasSize(1);
			});
			ConsumerRecord<String, byte[]> dead = deadLetters.records().get(0);
			assertThat(dead.key()).isEqualTo("666");
			assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
			assertThat(new String(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_FQCN).value(),
					StandardCharsets.UTF_8))
				.isEqualTo("io.leaderboard.events.MalformedEventException");
			assertThat(new String(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC).value(),
					StandardCharsets.UTF_8))
				.isEqualTo(Topics.SCORE_EVENTS);
		}
	}

	@Test
	void anEventRedisRefusesIsDeadLetteredAfterItsAttemptsAndReplayedOnceTheCauseIsFixed() throws Exception {
		LeaderboardKeys broken = LeaderboardKeys.of("broken", "all");
		// a key of the wrong type: Redis refuses every write to this board
		this.redis.opsForValue().set(broken.scores(), "not a sorted set");

		Scores.send(this.kafka, Scores.event("broken", "all", SortOrder.DESC, 60, "Stuck", 5, 1, Instant.now()));
		Scores.send(this.kafka, Scores.event(61, "Unaffected", 7, 1));

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(Scores.visibleScore(this.redis, KEYS, 61)).isEqualTo(-7.0);
			assertThat(this.deadLetterReplay.pending()).anySatisfy((dead) -> {
				assertThat(dead.key()).isEqualTo("60");
				assertThat(dead.originalTopic()).isEqualTo(Topics.SCORE_EVENTS);
				assertThat(dead.reason()).contains("WRONGTYPE");
			});
		});

		this.redis.delete(broken.scores());
		assertThat(this.deadLetterReplay.replay().replayed()).isPositive();

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, broken, 60)).isEqualTo(-5.0));
		assertThat(this.deadLetterReplay.pending()).noneSatisfy((dead) -> assertThat(dead.key()).isEqualTo("60"));
	}

	@Test
	void aLateEventLandsInThePeriodItWasAcceptedIn() throws Exception {
		Instant beforeReset = Instant.parse("2026-11-22T23:59:59.900Z");
		LeaderboardKeys yesterday = LeaderboardKeys.of("daily", "2026-11-22");
		LeaderboardKeys today = LeaderboardKeys.of("daily", "2026-11-23");
		Scores.send(this.kafka, Scores.event("daily", "2026-11-23", SortOrder.DESC, 40, "Today", 5, 1, Instant.now()));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, today, 40)).isEqualTo(-5.0));

		// accepted just before midnight, projected after it
		Scores.send(this.kafka, Scores.event("daily", "2026-11-22", SortOrder.DESC, 41, "Late", 9, 1, beforeReset));

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, yesterday, 41)).isEqualTo(-9.0));
		assertThat(Scores.visibleScore(this.redis, today, 41)).isNull();
		assertThat(this.redis.opsForSet().members(today.periods())).containsExactlyInAnyOrder("2026-11-22",
				"2026-11-23");
	}

	@Test
	void ascendingBoardsListTheLowestFirstAndTiesByArrival() throws Exception {
		LeaderboardKeys keys = LeaderboardKeys.of("fastest", "all");
		Instant now = Instant.parse("2026-11-22T10:00:00Z");
		Scores.send(this.kafka, Scores.event("fastest", "all", SortOrder.ASC, 52, "Second", 60, 1, now.plusMillis(5)));
		Scores.send(this.kafka, Scores.event("fastest", "all", SortOrder.ASC, 51, "First", 60, 1, now));
		Scores.send(this.kafka, Scores.event("fastest", "all", SortOrder.ASC, 53, "Slow", 90, 1, now));

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			String cached = this.redis.opsForValue().get(keys.top());
			assertThat(cached).isNotNull();
			assertThat(this.codec.entries(cached)).extracting(LeaderboardEntry::nickName)
				.containsExactly("First", "Second", "Slow");
		});
		assertThat(this.codec.entries(this.redis.opsForValue().get(keys.top()))).extracting(LeaderboardEntry::rank)
			.containsExactly(1L, 1L, 3L);
	}

	@Test
	void equalScoresOrderBySubscoreExactlyAtItsExtremesAndOnlyEqualPairsShareARank() throws Exception {
		LeaderboardKeys keys = LeaderboardKeys.of("race", "all");
		long max = ScoreChanged.MAX_SAFE_SCORE;
		Instant now = Instant.parse("2026-11-22T10:00:00Z");
		watchPersonalStream(75);
		try (Notifications ranks = new Notifications(Topics.PLAYER_RANKS, Topics.PLAYER_RANKS_PARTITIONS)) {
			// lower subscore first; two players on (max, max - 1), the later listed after
			Scores.send(this.kafka, Scores.event("race", SortOrder.ASC, 71, max, max, now));
			Scores.send(this.kafka, Scores.event("race", SortOrder.ASC, 72, max, max - 1, now.plusMillis(2)));
			Scores.send(this.kafka, Scores.event("race", SortOrder.ASC, 73, max, -max, now.plusMillis(3)));
			Scores.send(this.kafka, Scores.event("race", SortOrder.ASC, 74, max, max - 1, now.plusMillis(1)));
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(this.redis.opsForZSet().size(keys.scores())).isEqualTo(4));
			// the worst score, whatever its subscore, ranks below every better score
			Scores.send(this.kafka, Scores.event("race", SortOrder.ASC, 75, max - 1, -max, now));

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				String cached = this.redis.opsForValue().get(keys.top());
				assertThat(cached).isNotNull();
				assertThat(this.codec.entries(cached)).extracting(LeaderboardEntry::userId)
					.containsExactly(73L, 74L, 72L, 71L, 75L);
				assertThat(ranks.records()).hasSize(1);
			});
			List<LeaderboardEntry> top = this.codec.entries(this.redis.opsForValue().get(keys.top()));
			assertThat(top).extracting(LeaderboardEntry::rank).containsExactly(1L, 2L, 2L, 4L, 5L);
			assertThat(top).extracting(LeaderboardEntry::subscore).containsExactly(-max, max - 1, max - 1, max, -max);
			assertThat(top).extracting(LeaderboardEntry::score).containsExactly(max, max, max, max, max - 1);
			PlayerRankChanged told = this.codec.playerRankChanged(ranks.records().get(0).value());
			assertThat(told.rank()).isEqualTo(5);
			assertThat(told.subscore()).isEqualTo(-max);
		}
	}

	@Test
	void aHiddenPlayersScoresAreKeptOutOfSight() throws Exception {
		LeaderboardKeys keys = LeaderboardKeys.of("moderated", "all");
		this.redis.opsForSet().add(keys.hidden(), "61");
		Scores.send(this.kafka, Scores.event("moderated", "all", SortOrder.DESC, 61, "Cheater", 999, 1, Instant.now()));
		Scores.send(this.kafka, Scores.event("moderated", "all", SortOrder.DESC, 62, "Honest", 10, 1, Instant.now()));

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, keys, 62)).isEqualTo(-10.0));
		assertThat(Scores.visibleScore(this.redis, keys, 61)).isNull();
		assertThat(this.redis.opsForZSet().size(keys.hiddenScores())).isEqualTo(1);
	}

	@Test
	void eachProjectedScoreTellsAWatchingPlayerTheNewRank() throws Exception {
		watchPersonalStream(81);
		watchPersonalStream(82);
		try (Notifications ranks = new Notifications(Topics.PLAYER_RANKS, Topics.PLAYER_RANKS_PARTITIONS)) {
			Scores.send(this.kafka, Scores.event("ranked", "all", SortOrder.DESC, 81, "High", 90, 1, Instant.now()));
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ranks.records()).hasSize(1));
			Scores.send(this.kafka, Scores.event("ranked", "all", SortOrder.DESC, 82, "Low", 10, 1, Instant.now()));

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ranks.records()).hasSize(2));
			List<PlayerRankChanged> told = ranks.records()
				.stream()
				.map((record) -> this.codec.playerRankChanged(record.value()))
				.toList();
			assertThat(told).extracting(PlayerRankChanged::userId, PlayerRankChanged::rank)
				.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(81L, 1L),
						org.assertj.core.groups.Tuple.tuple(82L, 2L));
			assertThat(ranks.records()).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("81", "82");
		}
	}

	@Test
	void aScoreInACohortPlacesThePlayerThereAndTellsTheRankWithinIt() throws Exception {
		LeaderboardKeys keys = LeaderboardKeys.of("cohorts", "all");
		watchPersonalStream(102);
		watchPersonalStream(103);
		try (Notifications ranks = new Notifications(Topics.PLAYER_RANKS, Topics.PLAYER_RANKS_PARTITIONS)) {
			Scores.send(this.kafka, inCohort(101, "Ann", 90, "eu-1"));
			Scores.send(this.kafka, inCohort(102, "Ben", 80, "eu-2"));
			Scores.send(this.kafka, inCohort(103, "Cat", 10, "eu-1"));

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ranks.records()).hasSize(2));
			assertThat(ranks.records().stream().map((record) -> this.codec.playerRankChanged(record.value())))
				.extracting(PlayerRankChanged::userId, PlayerRankChanged::rank)
				.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(102L, 1L),
						org.assertj.core.groups.Tuple.tuple(103L, 2L));
		}
		assertThat(this.redis.opsForHash().entries(keys.cohortOf())).containsOnly(Map.entry("101", "eu-1"),
				Map.entry("102", "eu-2"), Map.entry("103", "eu-1"));
		assertThat(this.redis.opsForZSet().range(keys.cohorts(), 0, -1)).containsExactly("eu-1/101", "eu-1/103",
				"eu-2/102");
		// the whole board still ranks everyone together
		assertThat(this.redis.opsForZSet().size(keys.scores())).isEqualTo(3);
	}

	private static ScoreChanged inCohort(long userId, String nickName, long score, String cohort) {
		Instant now = Instant.now();
		return new ScoreChanged(ScoreChanged.SCHEMA_VERSION, "cohorts", "all", SortOrder.DESC, userId, nickName, score,
				null, 1, 1, null, null, now, now, now, null, null, null, cohort);
	}

	@Test
	void aScoreNobodyWatchesCostsNoRankMessage() throws Exception {
		LeaderboardKeys keys = LeaderboardKeys.of("unwatched", "all");
		this.redis.opsForZSet()
			.add(LeaderboardKeys.watchedPlayers(), "92", Instant.now().minusSeconds(1).toEpochMilli());
		watchPersonalStream(93);
		try (Notifications ranks = new Notifications(Topics.PLAYER_RANKS, Topics.PLAYER_RANKS_PARTITIONS)) {
			Scores.send(this.kafka,
					Scores.event("unwatched", "all", SortOrder.DESC, 91, "Nobody", 50, 1, Instant.now()));
			Scores.send(this.kafka, Scores.event("unwatched", "all", SortOrder.DESC, 92, "Left", 40, 1, Instant.now()));
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				assertThat(Scores.visibleScore(this.redis, keys, 91)).isEqualTo(-50.0);
				assertThat(Scores.visibleScore(this.redis, keys, 92)).isEqualTo(-40.0);
			});
			// a later score of a watching player is told: the two before it were not
			Scores.send(this.kafka,
					Scores.event("unwatched", "all", SortOrder.DESC, 93, "Watcher", 30, 1, Instant.now()));

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ranks.records()).isNotEmpty());
			assertThat(ranks.records()).extracting(ConsumerRecord::key).containsExactly("93");
		}
	}

	/** As a broadcaster registers a player whose personal stream it holds. */
	private void watchPersonalStream(long userId) {
		this.redis.opsForZSet()
			.add(LeaderboardKeys.watchedPlayers(), Long.toString(userId), Instant.now().plusSeconds(60).toEpochMilli());
	}

}
