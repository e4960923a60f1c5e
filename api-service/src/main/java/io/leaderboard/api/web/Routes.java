package io.leaderboard.api.web;

/**
 * The routes that a policy depends on, stated once: the controllers map them, and the
 * security chain, the rate limits and the submissions meter select requests by them
 * (Spring's path patterns, so {@code {boardId}} is one path segment everywhere).
 */
public final class Routes {

	/** Score submissions to the global board (the seed's path). */
	public static final String GLOBAL_SCORES = "/scores";

	/** Score submissions to any board. */
	public static final String BOARD_SCORES = "/leaderboards/{boardId}/scores";

	/** Every score submission: bearer token, write limit, submissions meter. */
	public static final String[] SCORES = { GLOBAL_SCORES, BOARD_SCORES };

	/**
	 * A player joining a tournament's period: bearer token and write limit, like a score.
	 */
	public static final String BOARD_JOIN = "/leaderboards/{boardId}/join";

	/** Every write of a player to a board: bearer token, write limit. */
	public static final String[] PLAYER_WRITES = { GLOBAL_SCORES, BOARD_SCORES, BOARD_JOIN };

	/** Single-use tickets for a personal stream. */
	public static final String STREAM_TICKETS = "/stream-tickets";

	/** Board administration and moderation: the admin scope. */
	public static final String ADMIN = "/admin/**";

	/** Voiding one submission (moderation; under {@link #ADMIN}). */
	public static final String VOID_SUBMISSION = "/admin/leaderboards/{boardId}/submissions/{submissionId}/void";

	/**
	 * Voiding a player's submissions to a board within a time window (moderation; under
	 * {@link #ADMIN}).
	 */
	public static final String VOID_PLAYER_SUBMISSIONS = "/admin/leaderboards/{boardId}/users/{userId}/void";

	/** The list of boards. */
	public static final String BOARDS = "/leaderboards";

	/** One board and its reads. */
	public static final String BOARD = "/leaderboards/{boardId}";

	/** A player's submissions to a board, newest first (a read of the board). */
	public static final String PLAYER_HISTORY = "/leaderboards/{boardId}/users/{userId}/history";

	/** A board's periods, newest first (a board read). */
	public static final String BOARD_PERIODS = "/leaderboards/{boardId}/periods";

	/** A closed period's frozen results (a board read). */
	public static final String PERIOD_RESULTS = "/leaderboards/{boardId}/periods/{period}/results";

	/** One player's results across the closed periods of a board (a board read). */
	public static final String PLAYER_RESULTS = "/leaderboards/{boardId}/users/{userId}/results";

	/** The players who joined a tournament's period (a board read). */
	public static final String BOARD_PARTICIPANTS = "/leaderboards/{boardId}/participants";

	/**
	 * Every read of a board (and its player writes, which the read limit leaves out).
	 */
	public static final String BOARD_READS = "/leaderboards/{boardId}/**";

	/** The seed's read paths on the global board ({@code /leaderboard/top}, ...). */
	public static final String GLOBAL_READS = "/leaderboard/**";

	private Routes() {
	}

}
