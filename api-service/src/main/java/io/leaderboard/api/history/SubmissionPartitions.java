package io.leaderboard.api.history;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the monthly partitions of {@code submissions}: this month's and the next two
 * exist before any submission needs them, and a month entirely older than the retention
 * is dropped whole (never deleted row by row, which would leave dead rows for a vacuum
 * that this deployment does not run). Runs at start, before the web server takes
 * requests, and daily; several instances may run it at once: an advisory lock lets one at
 * a time look and change.
 */
@Component
class SubmissionPartitions implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(SubmissionPartitions.class);

	/** The current month and this many after it. */
	static final int MONTHS_AHEAD = 2;

	/** Any fixed number that no other advisory lock of this database uses. */
	private static final long LOCK = 0x5375626d69747321L;

	private static final Pattern MONTHLY = Pattern.compile("submissions_(\\d{4})_(\\d{2})");

	/** Waits for another instance's run to end: it then finds that run's partitions. */
	private static final String SQL_LOCK = """
			SELECT pg_advisory_xact_lock(:lock)
			""";

	/**
	 * Never waits long for the table lock that creating or dropping a partition takes: a
	 * request for it queued behind a long transaction would queue every submission behind
	 * itself.
	 */
	private static final String SQL_LOCK_TIMEOUT = """
			SELECT set_config('lock_timeout', '5s', true)
			""";

	private static final String SQL_PARTITIONS = """
			SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
			WHERE i.inhparent = CAST('submissions' AS regclass)
			""";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final HistoryProperties properties;

	SubmissionPartitions(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock,
			HistoryProperties properties) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * At start, so that the months ahead exist before the first submission; a database
	 * that cannot answer yet leaves the default partition to take submissions meanwhile.
	 */
	@Override
	public void afterPropertiesSet() {
		maintainQuietly();
	}

	@Scheduled(cron = "${leaderboard.history.maintenance-cron:0 7 0 * * *}", zone = "UTC")
	void maintainQuietly() {
		try {
			Changes changes = maintain();
			if (!changes.created().isEmpty() || !changes.dropped().isEmpty()) {
				logger.info("Submission partitions created: {}, dropped past the retention: {}", changes.created(),
						changes.dropped());
			}
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Cannot maintain the submission partitions, trying again tomorrow or at the next start: {}",
					ex.getMessage());
		}
	}

	/** Creates the missing months ahead and drops the months past the retention. */
	Changes maintain() {
		Instant now = this.clock.instant();
		YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
		Instant keepFrom = now.minus(this.properties.retention());
		return this.transactions.execute((status) -> {
			this.jdbc.sql(SQL_LOCK).param("lock", LOCK).query().listOfRows();
			this.jdbc.sql(SQL_LOCK_TIMEOUT).query().listOfRows();
			Set<YearMonth> existing = new TreeSet<>();
			this.jdbc.sql(SQL_PARTITIONS).query(String.class).list().forEach((name) -> {
				Matcher month = MONTHLY.matcher(name);
				if (month.matches()) {
					existing.add(YearMonth.of(Integer.parseInt(month.group(1)), Integer.parseInt(month.group(2))));
				}
			});
			List<String> created = new ArrayList<>();
			for (int ahead = 0; ahead <= MONTHS_AHEAD; ahead++) {
				YearMonth month = current.plusMonths(ahead);
				if (!existing.contains(month)) {
					// names and bounds come from a YearMonth, never from a request
					if (attempt(status,
							"CREATE TABLE IF NOT EXISTS " + name(month) + " PARTITION OF submissions FOR VALUES FROM ('"
									+ start(month) + "') TO ('" + start(month.plusMonths(1)) + "')")) {
						created.add(name(month));
					}
				}
			}
			List<String> dropped = new ArrayList<>();
			for (YearMonth month : existing) {
				if (!start(month.plusMonths(1)).isAfter(keepFrom)) {
					if (attempt(status, "DROP TABLE " + name(month))) {
						dropped.add(name(month));
					}
				}
			}
			return new Changes(created, dropped);
		});
	}

	/**
	 * Runs one change, or leaves it for the next run without undoing the others. A month
	 * cannot be created while the default partition holds rows of it (PostgreSQL
	 * refuses): those stay where they are, readable, until someone moves them.
	 */
	private boolean attempt(TransactionStatus status, String ddl) {
		Object savepoint = status.createSavepoint();
		try {
			this.jdbc.sql(ddl).update();
			status.releaseSavepoint(savepoint);
			return true;
		}
		catch (DataAccessException ex) {
			status.rollbackToSavepoint(savepoint);
			logger.warn("Submission partitions: \"{}\" failed, trying again at the next run: {}", ddl, ex.getMessage());
			return false;
		}
	}

	static String name(YearMonth month) {
		return "submissions_%04d_%02d".formatted(month.getYear(), month.getMonthValue());
	}

	private static Instant start(YearMonth month) {
		return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** The partitions one run created and dropped, by name. */
	record Changes(List<String> created, List<String> dropped) {

	}

}
