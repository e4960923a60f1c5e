package io.leaderboard.publisher.outbox;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the outbox lean and observable. Every published row is deleted and leaves a dead
 * version behind that the scan for pending rows walks past until a vacuum removes it; at
 * thousands of scores a second, waiting for autovacuum's default thresholds (a fifth of
 * the table) lets that scan grow from microseconds to hundreds of milliseconds, and a
 * database may run without autovacuum at all. So the outbox is vacuumed on a short
 * interval whenever rows were published since (skipped while another publisher's vacuum
 * runs). The backlog is measured on a schedule rather than on every scrape.
 */
@Component
class OutboxHousekeeping {

	private static final Logger logger = LoggerFactory.getLogger(OutboxHousekeeping.class);

	/** Rows a version before this one marked published instead of deleting them. */
	private static final String SQL_DELETE_MARKED = """
			DELETE FROM score_events_outbox WHERE processed_at IS NOT NULL
			""";

	/**
	 * With ANALYZE: the backlog swings from none to thousands of rows in seconds, and a
	 * planner that still believes the outbox empty scans the whole backlog for each
	 * batch, which slows publishing exactly when it has the most to do.
	 */
	private static final String SQL_VACUUM = "VACUUM (SKIP_LOCKED, ANALYZE) score_events_outbox";

	private static final String SQL_MEASURE_BACKLOG = """
			SELECT count(*) AS pending,
			       coalesce(extract(epoch FROM now() - min(occurred_at)), 0) AS oldest_seconds
			FROM score_events_outbox WHERE processed_at IS NULL
			""";

	private final JdbcClient jdbc;

	private final Counter published;

	private final AtomicLong pending = new AtomicLong();

	private final AtomicLong oldestMillis = new AtomicLong();

	private double publishedAtLastVacuum;

	OutboxHousekeeping(JdbcClient jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.published = meters.counter("leaderboard.outbox.published");
		Gauge.builder("leaderboard.outbox.pending", this.pending, AtomicLong::get)
			.description("Outbox rows not yet published")
			.register(meters);
		Gauge.builder("leaderboard.outbox.oldest.age", this.oldestMillis, (value) -> value.get() / 1000.0)
			.description("Age in seconds of the oldest unpublished outbox row")
			.baseUnit("seconds")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void deleteMarked() {
		this.jdbc.sql(SQL_DELETE_MARKED).update();
	}

	@Scheduled(fixedDelayString = "${leaderboard.outbox.vacuum-interval}",
			initialDelayString = "${leaderboard.outbox.vacuum-interval}")
	void vacuum() {
		double published = this.published.count();
		if (published == this.publishedAtLastVacuum) {
			return;
		}
		try {
			// VACUUM runs outside a transaction: JdbcClient's statement autocommits
			this.jdbc.sql(SQL_VACUUM).update();
			this.publishedAtLastVacuum = published;
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot vacuum the outbox, trying again later: {}", ex.getMessage());
		}
	}

	@Scheduled(fixedDelayString = "PT10S")
	void measureBacklog() {
		this.jdbc.sql(SQL_MEASURE_BACKLOG).query((rs) -> {
			this.pending.set(rs.getLong("pending"));
			this.oldestMillis.set((long) (rs.getDouble("oldest_seconds") * 1000));
		});
	}

}
