package io.leaderboard.broadcaster.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.leaderboard.broadcaster.BroadcasterApplication;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Topics;
import io.leaderboard.testsupport.Redis;
import io.leaderboard.testsupport.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two broadcaster instances, as behind a load balancer, on real Redis and Kafka. */
class BroadcastIntegrationTests {

	private static final EventCodec codec = new EventCodec();

	private static final Instant AT = Instant.parse("2026-11-22T12:00:00Z");

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private static KafkaProducer<String, byte[]> producer;

	@BeforeAll
	static void startTwoInstances() {
		Redis redis = TestInfrastructure.redis();
		StringRedisTemplate template = new StringRedisTemplate(
				new org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory(
						new org.springframework.data.redis.connection.RedisStandaloneConfiguration(redis.host(),
								redis.port()) {
							{
								setDatabase(redis.database());
							}
						}));
		((org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory) template.getConnectionFactory())
			.afterPropertiesSet();
		template.execute((org.springframework.data.redis.core.RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		LeaderboardKeys keys = LeaderboardKeys.of("global");
		template.opsForValue().set(keys.top(), codec.toJson(List.of(new LeaderboardEntry(1, 1, "Cached", 10, AT))));
		template.opsForValue().set(keys.sequence(), "1000");

		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.kafka().bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
		first = start(redis);
		second = start(redis);
		await().atMost(Duration.ofSeconds(60)).until(() -> ready(port(first)) && ready(port(second)));
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second }) {
			if (context != null) {
				context.close();
			}
		}
		if (producer != null) {
			producer.close();
		}
	}

	@Test
	void everyInstanceDeliversEveryUpdateAndResumesFromLastEventId() throws Exception {
		try (SseClient one = new SseClient(port(first), null); SseClient two = new SseClient(port(second), null)) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(one.data("snapshot")).singleElement().asString().contains("\"nickName\":\"Cached\"");
				assertThat(two.data("snapshot")).singleElement().asString().contains("\"reason\":\"connect\"");
			});
			assertThat(one.lines()).contains("retry:3000");

			publish(1001, "Alice", 100);
			publish(1002, "Bob", 200);

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				assertThat(one.data("update")).hasSize(2);
				assertThat(two.data("update")).hasSize(2);
			});
			assertThat(one.ids()).containsExactly("1000", "1001", "1002");
			assertThat(two.data("update").get(1)).contains("\"type\":\"update\"").contains("\"nickName\":\"Bob\"");
		}

		try (SseClient resumed = new SseClient(port(second), "1001")) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(resumed.ids()).containsExactly("1002"));
			assertThat(resumed.data("snapshot")).isEmpty();
		}
		try (SseClient tooOld = new SseClient(port(first), "5")) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(tooOld.data("snapshot")).singleElement().asString().contains("resume-gap"));
		}
	}

	@Test
	void idleStreamsGetHeartbeats() {
		try (SseClient idle = new SseClient(port(first), null)) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(idle.lines()).contains(":heartbeat"));
		}
	}

	private static void publish(long sequence, String nickName, long score) throws Exception {
		LeaderboardChanged changed = new LeaderboardChanged(1, "global", sequence,
				List.of(new LeaderboardEntry(1, sequence, nickName, score, AT)), true, AT, Instant.now());
		producer.send(new ProducerRecord<>(Topics.LEADERBOARD_NOTIFICATIONS, "global", codec.toBytes(changed))).get();
	}

	private static ConfigurableApplicationContext start(Redis redis) {
		// command-line arguments: they outrank application.yml, as the services' own env
		// vars do
		return new SpringApplicationBuilder(BroadcasterApplication.class).run("--server.port=0",
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--spring.data.redis.database=" + redis.database(),
				"--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers(),
				"--leaderboard.stream.heartbeat=500ms");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static boolean ready(int port) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
