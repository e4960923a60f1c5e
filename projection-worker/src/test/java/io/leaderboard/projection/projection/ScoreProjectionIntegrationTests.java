package io.leaderboard.projection.projection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
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

	private static final LeaderboardKeys KEYS = LeaderboardKeys.of("global");

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
	void cleanSlate() {
		Scores.flush(this.redis);
	}

	@Test
	void anEventLandsInTheSortedSetThePlayerDetailsAndTheCachedTop() throws Exception {
		Scores.send(this.kafka, Scores.event(7, "Alice", 4500, 1));

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(this.redis.opsForZSet().score(KEYS.scores(), "7")).isEqualTo(4500.0);
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
			.untilAsserted(() -> assertThat(this.redis.opsForZSet().score(KEYS.scores(), "9")).isEqualTo(1.0));

		assertThat(this.redis.opsForZSet().score(KEYS.scores(), "8")).isEqualTo(300.0);
		assertThat(this.redis.opsForHash().get(KEYS.versions(), "8")).isEqualTo("3");
		assertThat(this.redis.opsForHash().get(KEYS.players(), "8").toString()).contains("\"nickName\":\"Bob\"");
	}

	@Test
	void aPoisonEventGoesToTheDeadLetterTopicAndLaterEventsStillApply() throws Exception {
		try (Notifications deadLetters = new Notifications(Topics.SCORE_EVENTS_DLQ, 1)) {
			this.kafka.send(Topics.SCORE_EVENTS, "666", "{not json".getBytes(StandardCharsets.UTF_8)).get();
			Scores.send(this.kafka, Scores.event(10, "After", 50, 1));

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				assertThat(this.redis.opsForZSet().score(KEYS.scores(), "10")).isEqualTo(50.0);
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

}
