package io.leaderboard.broadcaster.fanout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.MalformedEventException;
import io.leaderboard.events.Topics;
import io.leaderboard.support.EventTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Feeds the hubs from {@code leaderboard-notifications}. Each instance has a consumer
 * group of its own, so every instance sees every notification. On assignment it steps
 * back one record per partition: the topic is compacted, so that is the latest top of
 * every board on it. Ready only once partitions are assigned, so a load balancer sends no
 * spectator to an instance that would miss updates.
 */
@Component("notifications")
class NotificationListener implements ConsumerSeekAware, HealthIndicator {

	private static final Logger logger = LoggerFactory.getLogger(NotificationListener.class);

	private final Hubs hubs;

	private final EventCodec codec;

	private final List<NotificationObserver> observers;

	private final Counter received;

	private final Counter malformed;

	private final AtomicBoolean assigned = new AtomicBoolean();

	private final EventTracing tracing;

	private final Tracer tracer;

	NotificationListener(Hubs hubs, EventCodec codec, List<NotificationObserver> observers, EventTracing tracing,
			ObjectProvider<Tracer> tracer, MeterRegistry meters) {
		this.hubs = hubs;
		this.tracing = tracing;
		this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
		this.observers = observers;
		this.codec = codec;
		this.received = meters.counter("leaderboard.stream.notifications", "outcome", "received");
		this.malformed = meters.counter("leaderboard.stream.notifications", "outcome", "malformed");
	}

	@KafkaListener(id = "notifications", topics = Topics.LEADERBOARD_NOTIFICATIONS,
			groupId = "${leaderboard.stream.group-id}")
	void on(ConsumerRecord<String, byte[]> record) {
		Header trace = record.headers().lastHeader(EventTracing.TRACEPARENT);
		// the score's trace ends here, with the fan-out to every spectator of the board
		Span span = this.tracing.start("leaderboard broadcast",
				(trace != null) ? new String(trace.value(), StandardCharsets.UTF_8) : null);
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			LeaderboardChanged changed = this.codec.leaderboardChanged(record.value());
			this.hubs.hub(changed.board()).publish(changed);
			this.observers.forEach((observer) -> observer.notified(changed));
			this.received.increment();
		}
		catch (MalformedEventException ex) {
			this.malformed.increment();
			logger.warn("Ignoring malformed notification at {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
		}
		finally {
			span.end();
		}
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		assignments.keySet()
			.forEach((partition) -> callback.seekRelative(partition.topic(), partition.partition(), -1, false));
		this.assigned.set(true);
	}

	@Override
	public Health health() {
		return this.assigned.get() ? Health.up().build()
				: Health.outOfService().withDetail("reason", "notification partitions not assigned yet").build();
	}

}
