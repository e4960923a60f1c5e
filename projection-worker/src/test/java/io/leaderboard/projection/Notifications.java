package io.leaderboard.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.Topics;
import io.leaderboard.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from "now" on, as a spectator-side consumer would. */
public final class Notifications implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final EventCodec codec = new EventCodec();

	private final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

	public Notifications(String topic, int partitions) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.kafka().bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
				"test-" + UUID.randomUUID(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
		List<TopicPartition> assigned = new ArrayList<>();
		for (int partition = 0; partition < partitions; partition++) {
			assigned.add(new TopicPartition(topic, partition));
		}
		this.consumer.assign(assigned);
		this.consumer.seekToEnd(assigned);
		assigned.forEach(this.consumer::position);
	}

	public static Notifications leaderboardChanges() {
		return new Notifications(Topics.LEADERBOARD_NOTIFICATIONS, 3);
	}

	public List<ConsumerRecord<String, byte[]>> records() {
		this.consumer.poll(Duration.ofMillis(200)).forEach(this.received::add);
		return this.received;
	}

	/**
	 * Notifications so far, leaving out the empty board a FLUSHDB before the test leaves.
	 */
	public List<LeaderboardChanged> changes() {
		return records().stream()
			.map((record) -> this.codec.leaderboardChanged(record.value()))
			.filter((changed) -> !changed.top().isEmpty())
			.toList();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
