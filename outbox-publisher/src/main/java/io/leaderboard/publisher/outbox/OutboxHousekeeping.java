package io.leaderboard.publisher.outbox;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the outbox small and observable: deletes published rows past their retention in
 * bounded chunks, and measures the backlog on a schedule rather than on every scrape.
 */
@Component
class OutboxHousekeeping {

	private static final String SQL_DELETE_PUBLISHED = """
			DELETE FROM score_events_outbox
			WHERE id IN (SELECT id FROM score_events_outbox
			             WHERE processed_at < now() - make_interval(secs => :retentionSeconds)
			             LIMIT 10000)
			""";

	private static final String SQL_MEASURE_BACKLOG = """
			SELECT count(*) AS pending,
			       coalesce(extract(epoch FROM now() - min(occurred_at)), 0) AS oldest_seconds
			FROM score_events_outbox WHERE processed_at IS NULL
			""";

	private final JdbcClient jdbc;

	private final OutboxProperties properties;

	private final AtomicLong pending = new AtomicLong();

	private final AtomicLong oldestMillis = new AtomicLong();

	OutboxHousekeeping(JdbcClient jdbc, OutboxProperties properties, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.properties = properties;
		Gauge.builder("leaderboard.outbox.pending", this.pending, AtomicLong::get)
			.description("Outbox rows not yet published")
			.register(meters);
		Gauge.builder("leaderboard.outbox.oldest.age", this.oldestMillis, (value) -> value.get() / 1000.0)
			.description("Age in seconds of the oldest unpublished outbox row")
			.baseUnit("seconds")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void deletePublished() {
		int deleted;
		do {
			deleted = this.jdbc.sql(SQL_DELETE_PUBLISHED)
				.param("retentionSeconds", this.properties.retention().toSeconds())
				.update();
		}
		while (deleted == 10_000);
	}

	@Scheduled(fixedDelayString = "PT10S")
	void measureBacklog() {
		this.jdbc.sql(SQL_MEASURE_BACKLOG).query((rs) -> {
			this.pending.set(rs.getLong("pending"));
			this.oldestMillis.set((long) (rs.getDouble("oldest_seconds") * 1000));
		});
	}

}
