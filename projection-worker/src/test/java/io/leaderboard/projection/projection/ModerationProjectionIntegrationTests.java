package io.leaderboard.projection.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerHidden;
import io.leaderboard.events.PlayerShown;
import io.leaderboard.events.SortOrder;
import io.leaderboard.projection.ProjectionIntegrationTest;
import io.leaderboard.projection.Scores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Moderation decisions reach Redis the way scores do: consumed from score-events and
 * applied by the projector, which is the only writer of the projection.
 */
@ProjectionIntegrationTest
class ModerationProjectionIntegrationTests {

	private static final LeaderboardKeys WEEK = LeaderboardKeys.of("cup", "2026-W47");

	private static final LeaderboardKeys NEXT_WEEK = LeaderboardKeys.of("cup", "2026-W48");

	private static final Instant AT = Instant.parse("2026-11-22T14:30:00Z");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		Scores.register(registry);
	}

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	final EventCodec codec = new EventCodec();

	@BeforeEach
	void cleanSlate() throws Exception {
		Scores.flush(this.redis);
		score(WEEK, 1, "Ann", 300, 1);
		score(WEEK, 2, "Ben", 200, 1);
		score(NEXT_WEEK, 1, "Ann", 50, 1);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, NEXT_WEEK, 1)).isEqualTo(-50.0));
	}

	@Test
	void aHiddenPlayerLeavesEveryPeriodsRankingAndTheCachedTop() throws Exception {
		Scores.send(this.kafka, hidden(1, 1));

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(this.redis.opsForSet().members(WEEK.hidden())).containsExactly("1");
			assertThat(Scores.visibleScore(this.redis, WEEK, 1)).isNull();
			assertThat(Scores.visibleScore(this.redis, NEXT_WEEK, 1)).isNull();
			assertThat(this.redis.opsForZSet().score(WEEK.hiddenScores(), member(WEEK, 1))).isEqualTo(-300.0);
			assertThat(top(WEEK)).extracting(LeaderboardEntry::userId, LeaderboardEntry::rank)
				.containsExactly(tuple(2L, 1L));
		});
		assertThat(this.redis.opsForHash().get(WEEK.moderation(), "1")).isEqualTo("1");
	}

	@Test
	void scoresAfterAHideGoToTheHiddenRankingAndAShowBringsThemBack() throws Exception {
		Scores.send(this.kafka, hidden(1, 1));
		score(WEEK, 1, "Ann", 400, 2);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.redis.opsForZSet().score(WEEK.hiddenScores(), member(WEEK, 1)))
				.isEqualTo(-400.0));
		assertThat(Scores.visibleScore(this.redis, WEEK, 1)).isNull();

		Scores.send(this.kafka, shown(1, 2));

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(Scores.visibleScore(this.redis, WEEK, 1)).isEqualTo(-400.0);
			assertThat(Scores.visibleScore(this.redis, NEXT_WEEK, 1)).isEqualTo(-50.0);
			assertThat(this.redis.opsForZSet().zCard(WEEK.hiddenScores())).isZero();
			assertThat(this.redis.opsForSet().members(WEEK.hidden())).isEmpty();
			assertThat(top(WEEK)).extracting(LeaderboardEntry::userId).containsExactly(1L, 2L);
		});
	}

	@Test
	void aDecisionAppliedTwiceOrOutOfDateChangesNothing() throws Exception {
		Scores.send(this.kafka, hidden(2, 5));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, WEEK, 2)).isNull());
		Map<String, String> before = dump();

		Scores.send(this.kafka, hidden(2, 5));
		Scores.send(this.kafka, shown(2, 4));
		// a marker on another board, sent last on the same partition (same player)
		Scores.send(this.kafka, Scores.event("other", "all", SortOrder.DESC, 2, "Ben", 1, 1, AT));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, LeaderboardKeys.of("other", "all"), 2))
				.isEqualTo(-1.0));

		assertThat(dump()).isEqualTo(before);
	}

	private void score(LeaderboardKeys keys, long userId, String name, long score, long version) throws Exception {
		Scores.send(this.kafka,
				Scores.event(keys.board(), keys.period(), SortOrder.DESC, userId, name, score, version, AT));
	}

	private static PlayerHidden hidden(long userId, long version) {
		return new PlayerHidden(PlayerHidden.SCHEMA_VERSION, "cup", SortOrder.DESC, userId, version, Instant.now());
	}

	private static PlayerShown shown(long userId, long version) {
		return new PlayerShown(PlayerShown.SCHEMA_VERSION, "cup", SortOrder.DESC, userId, version, Instant.now());
	}

	private String member(LeaderboardKeys keys, long userId) {
		return (String) this.redis.opsForHash().get(keys.members(), Long.toString(userId));
	}

	private List<LeaderboardEntry> top(LeaderboardKeys keys) {
		String json = this.redis.opsForValue().get(keys.top());
		return (json != null) ? this.codec.entries(json) : List.of();
	}

	/** The board's rankings and moderation state, with a dump of each key's value. */
	private Map<String, String> dump() {
		Map<String, String> keys = new TreeMap<>();
		for (String key : List.of(WEEK.hidden(), WEEK.moderation(), WEEK.scores(), WEEK.hiddenScores(), WEEK.members(),
				WEEK.generation(), NEXT_WEEK.scores(), NEXT_WEEK.hiddenScores(), NEXT_WEEK.generation())) {
			byte[] value = this.redis.dump(key);
			keys.put(key, (value != null) ? HexFormat.of().formatHex(value) : null);
		}
		return keys;
	}

}
