package io.leaderboard.projection.projection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Parks a record that can never be applied on {@code score-events-dlq}, with the reason
 * and its origin in headers (Spring Kafka's own DLT header names, so its tools can replay
 * it). Waits for the ack: the record's offset is committed with its batch.
 */
@Component
class DeadLetters {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

	private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

	private final KafkaTemplate<String, byte[]> kafka;

	private final Counter deadLettered;

	DeadLetters(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
		this.kafka = kafka;
		this.deadLettered = meters.counter("leaderboard.projection.events", "outcome", "dead-lettered");
	}

	void send(ConsumerRecord<String, byte[]> record, Exception reason) {
		logger.warn("Poison event at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
				message(reason));
		ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.SCORE_EVENTS_DLQ, record.key(),
				record.value());
		for (Header header : record.headers()) {
			dead.headers().add(header);
		}
		dead.headers()
			.add(KafkaHeaders.DLT_EXCEPTION_FQCN, bytes(reason.getClass().getName()))
			.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, bytes(message(reason)))
			.add(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN,
					bytes((reason.getCause() != null) ? reason.getCause().getClass().getName() : ""))
			.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes(record.topic()))
			.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, bytes(Integer.toString(record.partition())))
			.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, bytes(Long.toString(record.offset())));
		try {
			this.kafka.send(dead).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			this.deadLettered.increment();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while dead-lettering", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			// thrown so the batch is retried: a poison event is never dropped silently
			throw new IllegalStateException("Could not dead-letter a poison event", ex);
		}
	}

	/**
	 * The message and, when deeper, the root cause's: Redis's own words say what failed.
	 */
	private static String message(Exception reason) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(reason);
		String message = String.valueOf(reason.getMessage());
		return (root != reason) ? message + ": " + root.getMessage() : message;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
