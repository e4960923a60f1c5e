package io.leaderboard.projection.projection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.EventHeaders;
import io.leaderboard.events.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Lists the dead letters not yet replayed, and replays them: each goes to
 * {@code score-events-replay}, where the projector tries it again (and dead-letters it
 * again if it still cannot be applied, so nothing is lost). What has been replayed is
 * remembered as the committed offsets of the consumer group {@value #GROUP}.
 */
@Component
class DeadLetterReplay {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterReplay.class);

	static final String GROUP = "score-events-dlq-replay";

	/** A header on a replayed record: where in the DLQ it came from. */
	static final String REPLAYED_FROM = "leaderboard-replayed-from";

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

	private final ConsumerFactory<String, byte[]> consumers;

	private final KafkaTemplate<String, byte[]> kafka;

	DeadLetterReplay(ConsumerFactory<String, byte[]> consumers, KafkaTemplate<String, byte[]> kafka) {
		this.consumers = consumers;
		this.kafka = kafka;
	}

	/** The dead letters waiting for a replay, oldest first. */
	synchronized List<DeadLetter> pending() {
		try (Consumer<String, byte[]> consumer = this.consumers.createConsumer(GROUP, "dlq-list")) {
			return read(consumer).stream().map(DeadLetterReplay::deadLetter).toList();
		}
	}

	/** Sends every pending dead letter back to its topic and marks it replayed. */
	synchronized Replayed replay() throws Exception {
		try (Consumer<String, byte[]> consumer = this.consumers.createConsumer(GROUP, "dlq-replay")) {
			List<ConsumerRecord<String, byte[]>> records = read(consumer);
			List<CompletableFuture<?>> acks = new ArrayList<>();
			Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
			for (ConsumerRecord<String, byte[]> record : records) {
				// not back to score-events, which only the outbox publisher may write;
				// the projector reads the replay topic beside it
				ProducerRecord<String, byte[]> again = new ProducerRecord<>(Topics.SCORE_EVENTS_REPLAY, record.key(),
						record.value());
				// what the event is goes back with it: without the header, a record is
				// taken for a ScoreChanged
				for (String name : List.of(EventHeaders.EVENT_TYPE, EventHeaders.SCHEMA_VERSION)) {
					Header original = record.headers().lastHeader(name);
					if (original != null) {
						again.headers().add(original);
					}
				}
				again.headers()
					.add(REPLAYED_FROM, bytes(record.topic() + "-" + record.partition() + "@" + record.offset()));
				acks.add(this.kafka.send(again));
				done.put(new TopicPartition(record.topic(), record.partition()),
						new OffsetAndMetadata(record.offset() + 1));
			}
			CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			// committed only after every record is back on its topic: a failure replays
			// again
			if (!done.isEmpty()) {
				consumer.commitSync(done);
			}
			logger.info("Replayed {} dead letter(s)", records.size());
			return new Replayed(records.size());
		}
	}

	private List<ConsumerRecord<String, byte[]>> read(Consumer<String, byte[]> consumer) {
		List<TopicPartition> partitions = consumer.partitionsFor(Topics.SCORE_EVENTS_DLQ)
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		consumer.assign(partitions);
		Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata from = committed.get(partition);
			if (from != null) {
				consumer.seek(partition, from.offset());
			}
			else {
				consumer.seekToBeginning(List.of(partition));
			}
		}
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
		while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Could not read the dead letters within " + READ_TIMEOUT);
			}
			consumer.poll(POLL).forEach(records::add);
		}
		return records;
	}

	private static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record) {
		String value = new String(record.value(), StandardCharsets.UTF_8);
		return new DeadLetter(record.partition(), record.offset(), record.key(),
				header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC, null),
				header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE, null),
				(value.length() > 1000) ? value.substring(0, 1000) + "…" : value);
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name, String otherwise) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : otherwise;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/** A dead letter as operators see it. */
	record DeadLetter(int partition, long offset, String key, String originalTopic, String reason, String value) {

	}

	/** What a replay sent back. */
	record Replayed(int replayed) {

	}

}
