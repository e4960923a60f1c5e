package io.leaderboard.publisher.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.leaderboard.events.Topics;
import io.leaderboard.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running publisher, with an idle wait far longer than the test waits: every row is
 * published only because its insert's NOTIFY woke the loop.
 */
@SpringBootTest(properties = { "leaderboard.schema.mode=migrate", "leaderboard.outbox.idle-wait=60s",
		"leaderboard.outbox.vacuum-interval=1s" })
class OutboxPublishingIntegrationTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.registerPostgres(registry);
		TestInfrastructure.registerKafka(registry);
	}

	@Autowired
	JdbcClient jdbc;

	@Test
	void rowsArePublishedAsStoredKeyedByPlayerAndThenDeleted() {
		try (KafkaConsumer<String, String> consumer = OutboxRows.consumer()) {
			OutboxRows.insert(this.jdbc, 101, 1);
			OutboxRows.insert(this.jdbc, 102, 1);
			OutboxRows.insert(this.jdbc, 101, 2);

			List<ConsumerRecord<String, String>> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				received.addAll(OutboxRows.poll(consumer, 101, 102));
				assertThat(received).hasSize(3);
			});

			assertThat(received).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("101", "101", "102");
			assertThat(received.stream().filter((record) -> record.key().equals("101")).map(ConsumerRecord::value))
				.satisfiesExactly((first) -> assertThat(first).contains("\"version\": 1"),
						(second) -> assertThat(second).contains("\"version\": 2"));
			assertThat(received.get(0).headers().lastHeader("eventType").value()).asString().isEqualTo("ScoreChanged");
			assertThat(received.stream().filter((record) -> record.key().equals("102")).map(ConsumerRecord::value))
				.singleElement()
				.satisfies((value) -> assertThat(value).startsWith("{\"board\": \"global\"")
					.contains("\"userId\": 102", "\"nickName\": \"player-102\""));
			// published rows are gone: Kafka holds the events from here on
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(
						this.jdbc.sql("SELECT count(*) FROM score_events_outbox WHERE user_id BETWEEN 101 AND 102")
							.query(Long.class)
							.single())
					.isZero());
		}
	}

	@Test
	void moderationDecisionsTravelWithThePlayersScoresInOrderAndSayWhatTheyAre() {
		try (KafkaConsumer<String, String> consumer = OutboxRows.consumer()) {
			OutboxRows.insert(this.jdbc, 401, 1);
			OutboxRows.insertDecision(this.jdbc, 401, "PlayerHidden", 1);
			OutboxRows.insert(this.jdbc, 401, 2);
			OutboxRows.insertDecision(this.jdbc, 401, "PlayerShown", 2);

			List<ConsumerRecord<String, String>> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				received.addAll(OutboxRows.poll(consumer, 401, 401));
				assertThat(received).hasSize(4);
			});

			assertThat(received).extracting((record) -> header(record, "eventType"))
				.containsExactly("ScoreChanged", "PlayerHidden", "ScoreChanged", "PlayerShown");
			assertThat(received).extracting((record) -> header(record, "schemaVersion")).containsOnly("1");
			assertThat(received).extracting(ConsumerRecord::partition).containsOnly(received.get(0).partition());
			assertThat(received.get(1).value()).contains("\"userId\": 401", "\"version\": 1")
				.doesNotContain("\"score\"");
		}
	}

	@Test
	void closedPeriodsGoToTheirOwnTopicKeyedByBoardOnePartitionInRevisionOrder() {
		try (KafkaConsumer<String, String> consumer = OutboxRows.consumer(Topics.LEADERBOARD_PERIODS)) {
			OutboxRows.insertPeriodClosed(this.jdbc, "cup", "2026-W47", 1);
			OutboxRows.insertPeriodClosed(this.jdbc, "cup", "2026-W47", 2);

			List<ConsumerRecord<String, String>> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					if ("cup".equals(record.key())) {
						received.add(record);
					}
				}
				assertThat(received).hasSize(2);
			});

			assertThat(received).extracting((record) -> header(record, "eventType")).containsOnly("PeriodClosed");
			assertThat(received).extracting(ConsumerRecord::partition).containsOnly(received.get(0).partition());
			assertThat(received).extracting(ConsumerRecord::value)
				.satisfiesExactly((first) -> assertThat(first).contains("\"revision\": 1"),
						(second) -> assertThat(second).contains("\"revision\": 2"));
		}
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	@Test
	void anIdlePublisherIsWokenByTheInsert() {
		try (KafkaConsumer<String, String> consumer = OutboxRows.consumer()) {
			await().atMost(Duration.ofSeconds(60)).until(() -> OutboxRows.pending(this.jdbc, 0, Long.MAX_VALUE) == 0);

			OutboxRows.insert(this.jdbc, 201, 1);

			List<ConsumerRecord<String, String>> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				received.addAll(OutboxRows.poll(consumer, 201, 201));
				assertThat(received).hasSize(1);
			});
		}
	}

	@Test
	void theOutboxIsVacuumedAndAnalyzedAfterRowsWerePublished() {
		long vacuumsBefore = count("vacuum_count");
		long analyzesBefore = count("analyze_count");

		OutboxRows.insert(this.jdbc, 301, 1);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(count("vacuum_count")).isGreaterThan(vacuumsBefore);
			assertThat(count("analyze_count")).isGreaterThan(analyzesBefore);
		});
	}

	private long count(String column) {
		return this.jdbc.sql("SELECT " + column + " FROM pg_stat_user_tables WHERE relname = 'score_events_outbox'")
			.query(Long.class)
			.single();
	}

}
