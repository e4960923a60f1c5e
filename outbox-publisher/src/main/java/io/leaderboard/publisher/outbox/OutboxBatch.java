package io.leaderboard.publisher.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.leaderboard.events.EventHeaders;
import io.micrometer.core.instrument.Counter;
import io.leaderboard.support.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One batch: lock pending rows (score changes, moderation decisions and closed periods
 * alike, each player's in the order they were written), send each to its topic, wait for
 * every ack, delete them. If any send fails the transaction rolls back and every row
 * stays pending; rows that did reach the broker are sent again later, which consumers
 * ignore by version.
 */
@Component
public class OutboxBatch {

	/**
	 * Locks the oldest pending rows that no other publisher holds. A row whose player has
	 * an older pending row outside this batch (held by another publisher) is left for a
	 * later round, so one player's events always reach Kafka in order. Row ids of one
	 * player grow in commit order: their score writes serialise on the score row's lock,
	 * their moderation decisions on the users row. A score and a decision commute in the
	 * projection, so their relative order needs no lock.
	 */
	private static final String SQL_LOCK_PENDING = """
			WITH batch AS (
			  SELECT id, user_id FROM score_events_outbox
			  WHERE processed_at IS NULL
			  ORDER BY id
			  LIMIT :limit
			  FOR UPDATE SKIP LOCKED
			)
			SELECT o.id, o.user_id, o.payload ->> 'board' AS board, o.payload::text AS payload, o.trace_parent,
			       o.event_type,
			       o.payload ->> 'schemaVersion' AS schema_version
			FROM batch b JOIN score_events_outbox o ON o.id = b.id
			WHERE NOT EXISTS (
			  SELECT 1 FROM score_events_outbox older
			  WHERE older.user_id = b.user_id AND older.processed_at IS NULL AND older.id < b.id
			    AND older.id NOT IN (SELECT id FROM batch))
			ORDER BY o.id
			""";

	/**
	 * A published row is deleted, not marked: Kafka keeps the event from here on, and a
	 * delete writes a fraction of what an update does (no new row version, no index
	 * entry).
	 */
	private static final String SQL_DELETE_PUBLISHED = """
			DELETE FROM score_events_outbox WHERE id = ANY(:ids)
			""";

	private final JdbcClient jdbc;

	private final KafkaTemplate<String, byte[]> kafka;

	private final OutboxProperties properties;

	private final Counter published;

	private final Timer publishLatency;

	private final EventTracing tracing;

	public OutboxBatch(JdbcClient jdbc, KafkaTemplate<String, byte[]> kafka, OutboxProperties properties,
			EventTracing tracing, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.tracing = tracing;
		this.kafka = kafka;
		this.properties = properties;
		this.published = meters.counter("leaderboard.outbox.published");
		this.publishLatency = Timer.builder("leaderboard.outbox.publish.latency")
			.description("Sending a batch and waiting for every ack")
			.register(meters);
	}

	/**
	 * @return how many rows were published
	 */
	@Transactional(rollbackFor = Exception.class)
	public int publishOnce() throws Exception {
		List<PendingEvent> events = this.jdbc.sql(SQL_LOCK_PENDING)
			.param("limit", this.properties.batchSize())
			.query((rs, row) -> new PendingEvent(rs.getLong("id"), rs.getLong("user_id"), rs.getString("board"),
					rs.getString("payload"), rs.getString("trace_parent"), rs.getString("event_type"),
					rs.getString("schema_version")))
			.list();
		if (events.isEmpty()) {
			return 0;
		}
		Timer.Sample sample = Timer.start();
		List<CompletableFuture<?>> acks = new ArrayList<>(events.size());
		List<EventTracing.Hop> hops = new ArrayList<>(events.size());
		try {
			for (PendingEvent event : events) {
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), event.key(),
						event.payload().getBytes(StandardCharsets.UTF_8));
				// the header tells consumers which event the payload is
				record.headers()
					.add(EventHeaders.EVENT_TYPE, event.eventType().getBytes(StandardCharsets.UTF_8))
					.add(EventHeaders.SCHEMA_VERSION, event.schemaVersion().getBytes(StandardCharsets.UTF_8));
				// the request's trace goes on: a span of ours when it is recorded, then
				// in
				// the record's headers
				EventTracing.Hop hop = this.tracing.hop("outbox publish", event.traceParent());
				hops.add(hop);
				if (hop.traceParent() != null) {
					record.headers().add(EventTracing.TRACEPARENT, hop.traceParent().getBytes(StandardCharsets.UTF_8));
				}
				acks.add(this.kafka.send(record));
			}
			CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
				.get(this.properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			hops.forEach(EventTracing.Hop::end);
		}
		this.jdbc.sql(SQL_DELETE_PUBLISHED)
			.param("ids", events.stream().map(PendingEvent::id).toArray(Long[]::new))
			.update();
		sample.stop(this.publishLatency);
		this.published.increment(events.size());
		return events.size();
	}

}
