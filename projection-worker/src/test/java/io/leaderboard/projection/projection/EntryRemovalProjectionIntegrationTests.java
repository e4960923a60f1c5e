package io.leaderboard.projection.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.leaderboard.events.EntryRemoved;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerHidden;
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
 * An entry voided away (EntryRemoved) leaves the projection the way a score enters it:
 * consumed from score-events, version-checked, applied by the projector alone.
 */
@ProjectionIntegrationTest
class EntryRemovalProjectionIntegrationTests {

	private static final LeaderboardKeys WEEK = LeaderboardKeys.of("cup", "2026-W47");

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
		score(1, "Ann", 300, 1);
		score(2, "Ben", 200, 1);
		score(3, "Cat", 100, 1);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(top()).extracting(LeaderboardEntry::userId).containsExactly(1L, 2L, 3L));
	}

	@Test
	void aRemovedEntryLeavesThePeriodAndTheCachedTopAndThoseBehindMoveUp() throws Exception {
		Scores.send(this.kafka, removed(1, 2));

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(top()).extracting(LeaderboardEntry::userId, LeaderboardEntry::rank)
				.containsExactly(tuple(2L, 1L), tuple(3L, 2L)));
		assertThat(this.redis.opsForZSet().zCard(WEEK.scores())).isEqualTo(2);
		assertThat(this.redis.opsForHash().hasKey(WEEK.members(), "1")).isFalse();
		assertThat(this.redis.opsForHash().hasKey(WEEK.players(), "1")).isFalse();
		assertThat(this.redis.opsForHash().hasKey(WEEK.versions(), "1")).isFalse();
	}

	@Test
	void aRemovalAppliedTwiceOrOlderThanTheEntryChangesNothingAndANewFirstScoreLands() throws Exception {
		Scores.send(this.kafka, removed(1, 2));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, WEEK, 1)).isNull());

		Scores.send(this.kafka, removed(1, 2));
		// Ben's entry is at version 1: a removal of version 1 is not newer
		Scores.send(this.kafka, removed(2, 1));
		// a marker on another board, sent last on Ben's partition
		Scores.send(this.kafka, Scores.event("other", "all", SortOrder.DESC, 2, "Ben", 1, 1, AT));
		score(1, "Ann", 50, 1);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, LeaderboardKeys.of("other", "all"), 2))
				.isEqualTo(-1.0));

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Scores.visibleScore(this.redis, WEEK, 1)).isEqualTo(-50.0));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(top()).extracting(LeaderboardEntry::userId).containsExactly(2L, 3L, 1L));
		assertThat(Scores.visibleScore(this.redis, WEEK, 2)).isEqualTo(-200.0);
		assertThat(this.redis.opsForHash().get(WEEK.versions(), "1")).isEqualTo("1");
	}

	@Test
	void aHiddenPlayersEntryIsRemovedFromTheHiddenRanking() throws Exception {
		Scores.send(this.kafka,
				new PlayerHidden(PlayerHidden.SCHEMA_VERSION, "cup", SortOrder.DESC, 3, 1, Instant.now()));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.redis.opsForZSet().zCard(WEEK.hiddenScores())).isEqualTo(1));

		Scores.send(this.kafka, removed(3, 2));

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.redis.opsForZSet().zCard(WEEK.hiddenScores())).isZero());
		assertThat(this.redis.opsForHash().hasKey(WEEK.members(), "3")).isFalse();
	}

	private void score(long userId, String name, long score, long version) throws Exception {
		Scores.send(this.kafka,
				Scores.event(WEEK.board(), WEEK.period(), SortOrder.DESC, userId, name, score, version, AT));
	}

	private static EntryRemoved removed(long userId, long version) {
		return new EntryRemoved(EntryRemoved.SCHEMA_VERSION, WEEK.board(), WEEK.period(), SortOrder.DESC, userId,
				version, Instant.now());
	}

	private List<LeaderboardEntry> top() {
		String json = this.redis.opsForValue().get(WEEK.top());
		return (json != null) ? this.codec.entries(json) : List.of();
	}

}
