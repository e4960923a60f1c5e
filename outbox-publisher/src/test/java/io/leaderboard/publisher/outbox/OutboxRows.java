package io.leaderboard.publisher.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.leaderboard.events.Topics;
import io.leaderboard.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Writes outbox rows the way api-service does, and reads back what reached Kafka. */
final class OutboxRows {

	private static final String SQL_INSERT = """
			INSERT INTO score_events_outbox (user_id, score, version, occurred_at, payload)
			VALUES (:userId, :score, :version, now(),
			        jsonb_build_object('schemaVersion', 1, 'board', 'global', 'userId', :userId::bigint,
			          'nickName', 'player-' || :userId, 'score', :score::bigint, 'previousScore', null,
			          'version', :version::bigint, 'occurredAt', now()))
			""";

	private static final String SQL_INSERT_DECISION = """
			INSERT INTO score_events_outbox (user_id, version, occurred_at, event_type, payload)
			VALUES (:userId, :version, now(), :eventType,
			        jsonb_build_object('schemaVersion', 1, 'board', 'global', 'sortOrder', 'desc',
			          'userId', :userId::bigint, 'version', :version::bigint, 'occurredAt', now()))
			""";

	/**
	 * As api-service closes a period: no player (user id 0), the board in the payload.
	 */
	private static final String SQL_INSERT_PERIOD_CLOSED = """
			INSERT INTO score_events_outbox (user_id, version, occurred_at, event_type, payload)
			VALUES (0, :revision, now(), 'PeriodClosed',
			        jsonb_build_object('schemaVersion', 1, 'board', CAST(:board AS varchar),
			          'period', CAST(:period AS varchar), 'closedAt', now(), 'revision', :revision::bigint,
			          'players', 0, 'top', jsonb_build_array()))
			""";

	private OutboxRows() {
	}

	static void insertPeriodClosed(JdbcClient jdbc, String board, String period, long revision) {
		jdbc.sql(SQL_INSERT_PERIOD_CLOSED)
			.param("board", board)
			.param("period", period)
			.param("revision", revision)
			.update();
	}

	/** A moderation decision's row: {@code PlayerHidden} or {@code PlayerShown}. */
	static void insertDecision(JdbcClient jdbc, long userId, String eventType, long version) {
		jdbc.sql(SQL_INSERT_DECISION)
			.param("userId", userId)
			.param("eventType", eventType)
			.param("version", version)
			.update();
	}

	static void insert(JdbcClient jdbc, long userId, long version) {
		jdbc.sql(SQL_INSERT).param("userId", userId).param("score", version * 10).param("version", version).update();
	}

	static long pending(JdbcClient jdbc, long fromUser, long toUser) {
		return jdbc
			.sql("SELECT count(*) FROM score_events_outbox WHERE processed_at IS NULL AND user_id BETWEEN ? AND ?")
			.params(fromUser, toUser)
			.query(Long.class)
			.single();
	}

	/** A consumer of its own group, reading score-events from the beginning. */
	static KafkaConsumer<String, String> consumer() {
		return consumer(Topics.SCORE_EVENTS);
	}

	/** A consumer of its own group, reading the topic from the beginning. */
	static KafkaConsumer<String, String> consumer(String topic) {
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.kafka().bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
				"test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		consumer.subscribe(List.of(topic));
		return consumer;
	}

	/** Everything polled now, in partition order, for the users in the range. */
	static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, long fromUser,
			long toUser) {
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
			long user = Long.parseLong(record.key());
			if (user >= fromUser && user <= toUser) {
				records.add(record);
			}
		}
		return records;
	}

}
