package io.leaderboard.api.period;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.board.ResetSchedule;
import io.leaderboard.api.board.ResetSchedule.Window;
import io.leaderboard.events.PeriodClosed;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finds the board periods to close and closes each ({@link PeriodClosing}). Every
 * instance looks every {@code leaderboard.periods.check-interval}; a period is due once
 * it ended {@code close-grace} ago. Each instance asks PostgreSQL only when a board's
 * last ended period changes (and at start): then every period of the board that holds
 * entries, ended a grace ago and is not closed yet is closed, so periods missed while no
 * instance ran are closed too. Periods of a board's former schedule are left as they are.
 */
@Component
class PeriodCloser {

	private static final Logger logger = LoggerFactory.getLogger(PeriodCloser.class);

	/**
	 * The board's periods with entries and no closed row, oldest first: a loose index
	 * scan of {@code board_scores_ranking}, one probe per period rather than a scan of
	 * the entries.
	 */
	private static final String SQL_FIND_UNCLOSED = """
			WITH RECURSIVE periods (period) AS (
			  (SELECT period FROM board_scores WHERE board = :board ORDER BY period LIMIT 1)
			  UNION ALL
			  SELECT (SELECT s.period FROM board_scores s WHERE s.board = :board AND s.period > p.period
			          ORDER BY s.period LIMIT 1)
			  FROM periods p WHERE p.period IS NOT NULL
			)
			SELECT p.period FROM periods p
			WHERE p.period IS NOT NULL
			  AND NOT EXISTS (SELECT 1 FROM closed_periods c WHERE c.board = :board AND c.period = p.period)
			ORDER BY p.period
			""";

	private final BoardCatalog catalog;

	private final PeriodClosing closing;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final PeriodsProperties properties;

	/** Per board, the last ended period this instance has seen to. */
	private final Map<String, String> settled = new ConcurrentHashMap<>();

	PeriodCloser(BoardCatalog catalog, PeriodClosing closing, JdbcClient jdbc, Clock clock,
			PeriodsProperties properties) {
		this.catalog = catalog;
		this.closing = closing;
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
	}

	@Scheduled(initialDelayString = "${leaderboard.periods.check-interval:1s}",
			fixedDelayString = "${leaderboard.periods.check-interval:1s}")
	void scheduledClose() {
		closeDue();
	}

	/**
	 * Closes every period that is due and not closed yet.
	 * @return the periods this call closed (others may have closed some meanwhile)
	 */
	List<PeriodClosed> closeDue() {
		Instant settledBefore = this.clock.instant().minus(this.properties.closeGrace());
		List<PeriodClosed> closed = new ArrayList<>();
		for (Board board : this.catalog.all()) {
			Optional<Window> lastEnded = board.resetSchedule().lastEndedBefore(settledBefore);
			if (lastEnded.isEmpty() || lastEnded.get().id().equals(this.settled.get(board.id()))) {
				continue;
			}
			try {
				closed.addAll(closeEnded(board, settledBefore));
				this.settled.put(board.id(), lastEnded.get().id());
			}
			catch (DataAccessException ex) {
				// tried again at the next check
				logger.warn("Cannot close the ended periods of board {} yet: {}", board.id(), ex.getMessage());
			}
		}
		return closed;
	}

	private List<PeriodClosed> closeEnded(Board board, Instant settledBefore) {
		ResetSchedule schedule = board.resetSchedule();
		List<PeriodClosed> closed = new ArrayList<>();
		for (String period : this.jdbc.sql(SQL_FIND_UNCLOSED).param("board", board.id()).query(String.class).list()) {
			schedule.window(period)
				.filter((window) -> !window.endsAt().isAfter(settledBefore))
				.flatMap((window) -> this.closing.close(board, window))
				.ifPresent((event) -> {
					logger.info("Closed period {} of board {}: {} players", event.period(), event.board(),
							event.players());
					closed.add(event);
				});
		}
		return closed;
	}

}
