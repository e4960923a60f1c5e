package io.leaderboard.api.tournament;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.cohort.CohortPlacement;
import io.leaderboard.api.board.Competition;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Players joining a board's period. A join is one statement: it registers a player met
 * for the first time, and takes a place by raising the period's size only while it is
 * under the board's {@code max_size}; that update holds the size row's lock until the
 * commit, so concurrent joins queue on it and never overfill the period, while a join to
 * a period already full is refused without waiting for the lock. A player who joined
 * already gets their enrolment back, and takes no second place.
 */
@Component
class Enrolment {

	/**
	 * {@code counted} runs only for a player not enrolled yet; {@code joined} then takes
	 * the place it counted (or enrols a player whose attempts the board counted before it
	 * required joins). The size is read as of the statement's start, which is the size
	 * when the player had joined already, and null before the period's first join.
	 */
	private static final String SQL_JOIN = """
			WITH existing AS (
			  SELECT id FROM users WHERE subject = :subject
			), inserted AS (
			  INSERT INTO users (subject, nick_name)
			  SELECT :subject, :nickName WHERE NOT EXISTS (SELECT 1 FROM existing)
			  ON CONFLICT (subject) DO NOTHING
			  RETURNING id
			), player AS (
			  SELECT id FROM existing UNION ALL SELECT id FROM inserted
			), enrolled AS (
			  SELECT t.joined_at FROM tournament_players t JOIN player p ON t.user_id = p.id
			  WHERE t.board = :board AND t.period = :period AND t.joined_at IS NOT NULL
			), counted AS (
			  UPDATE tournament_sizes s SET size = s.size + 1
			  WHERE s.board = :board AND s.period = :period
			    AND s.size < coalesce((SELECT l.max_size FROM leaderboards l WHERE l.id = s.board), 2147483647)
			    AND EXISTS (SELECT 1 FROM player) AND NOT EXISTS (SELECT 1 FROM enrolled)
			  RETURNING s.size
			), joined AS (
			  INSERT INTO tournament_players AS t (board, period, user_id, joined_at, position)
			  SELECT :board, :period, p.id, :now, c.size FROM player p, counted c
			  ON CONFLICT (board, period, user_id) DO UPDATE SET joined_at = EXCLUDED.joined_at,
			                                                     position = EXCLUDED.position
			    WHERE t.joined_at IS NULL
			  RETURNING t.joined_at, t.position
			)
			SELECT (SELECT id FROM player) AS user_id,
			       (SELECT joined_at FROM enrolled) AS enrolled_at,
			       (SELECT size FROM tournament_sizes WHERE board = :board AND period = :period) AS size,
			       (SELECT size FROM counted) AS place,
			       (SELECT joined_at FROM joined) AS joined_at
			""";

	/** The size row of a period's first join, which the join statement then updates. */
	private static final String SQL_OPEN_PERIOD = """
			INSERT INTO tournament_sizes (board, period, size) VALUES (:board, :period, 0)
			ON CONFLICT (board, period) DO NOTHING
			""";

	/** A registration or a join of the same player that raced this one. */
	private static final int ATTEMPTS = 3;

	/**
	 * How long a join waits for its turn in this instance before it is answered 503.
	 */
	private static final Duration TURN_TIMEOUT = Duration.ofSeconds(10);

	private final JdbcClient jdbc;

	private final CohortPlacement cohorts;

	private final TransactionTemplate transactions;

	/**
	 * The joins of one period take turns here, in this instance, before they take a
	 * connection: a join waiting for the size row's lock would hold one of the pool's few
	 * connections meanwhile, and a crowd joining at once (200 at the start of a cup)
	 * would starve every other request of them. Striped, so memory stays fixed; two
	 * periods that share a stripe only take turns too.
	 */
	private final Semaphore[] turns = new Semaphore[64];

	private final Clock clock;

	Enrolment(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, CohortPlacement cohorts) {
		this.cohorts = cohorts;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
		for (int i = 0; i < this.turns.length; i++) {
			this.turns[i] = new Semaphore(1, true);
		}
	}

	/**
	 * The period a join enrols in now: the current one, or the first of the board's
	 * window while it has not started.
	 */
	static String periodToJoin(Board board, Instant now) {
		Instant startsAt = board.competition().startsAt();
		return board.periodAt((startsAt != null && now.isBefore(startsAt)) ? startsAt : now).id();
	}

	/**
	 * Enrols the player in the board's period to join now, or answers their enrolment.
	 * @throws TournamentRefusal when the board takes no joins, is over, or is full
	 */
	Joined join(Board board, String subject, String nickName, String cohortGroup) {
		Competition competition = board.competition();
		if (!competition.joinRequired()) {
			throw TournamentRefusal.joinNotRequired(board);
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		if (competition.endsAt() != null && !now.isBefore(competition.endsAt())) {
			throw TournamentRefusal.notOpen(board, now);
		}
		String period = periodToJoin(board, now);
		Semaphore turn = this.turns[Math.floorMod(Objects.hash(board.id(), period), this.turns.length)];
		awaitTurn(turn);
		try {
			return enrol(board, period, subject, nickName, cohortGroup, now);
		}
		finally {
			turn.release();
		}
	}

	private static void awaitTurn(Semaphore turn) {
		try {
			if (turn.tryAcquire(TURN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
		busy.getBody().setTitle("Too many joins");
		busy.getBody().setDetail("Too many players are joining this board at once; nothing was recorded. Retry.");
		busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
		throw busy;
	}

	private Joined enrol(Board board, String period, String subject, String nickName, String cohortGroup, Instant now) {
		Competition competition = board.competition();
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Joined joined = this.transactions.execute((status) -> {
				Outcome outcome = attemptJoin(board, period, subject, nickName, now);
				if (outcome.userId() != null && outcome.enrolledAt() == null && outcome.size() == null) {
					this.jdbc.sql(SQL_OPEN_PERIOD).param("board", board.id()).param("period", period).update();
					outcome = attemptJoin(board, period, subject, nickName, now);
				}
				if (outcome.userId() == null) {
					return null;
				}
				if (outcome.enrolledAt() != null) {
					return new Joined(board.id(), period, outcome.userId(), outcome.enrolledAt(), outcome.size(),
							competition.maxSize());
				}
				if (outcome.place() == null) {
					throw TournamentRefusal.boardFull(board, period);
				}
				if (outcome.joinedAt() == null) {
					// the same player's join committed in between: undo the place taken
					status.setRollbackOnly();
					return null;
				}
				// a join places the player as a first score would, in the same
				// transaction
				if (competition.hasCohorts()) {
					this.cohorts.place(board, period, outcome.userId(), cohortGroup);
				}
				return new Joined(board.id(), period, outcome.userId(), outcome.joinedAt(), outcome.place(),
						competition.maxSize());
			});
			if (joined != null) {
				return joined;
			}
		}
		throw new IllegalStateException("player " + subject + " could not join " + board.id() + " " + period);
	}

	private Outcome attemptJoin(Board board, String period, String subject, String nickName, Instant now) {
		return this.jdbc.sql(SQL_JOIN)
			.param("subject", subject)
			.param("nickName", nickName)
			.param("board", board.id())
			.param("period", period)
			.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
			.query(Enrolment::outcome)
			.single();
	}

	private static Outcome outcome(ResultSet rs, int row) throws SQLException {
		return new Outcome((Long) rs.getObject("user_id"), instant(rs, "enrolled_at"), (Integer) rs.getObject("size"),
				(Integer) rs.getObject("place"), instant(rs, "joined_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/** What the join statement found and did. */
	private record Outcome(Long userId, Instant enrolledAt, Integer size, Integer place, Instant joinedAt) {

	}

	/**
	 * A player's enrolment in a period.
	 *
	 * @param size how many players have joined the period
	 * @param maxSize how many may, null for any number
	 */
	record Joined(String board, String period, long userId, Instant joinedAt, int size, Integer maxSize) {

	}

}
