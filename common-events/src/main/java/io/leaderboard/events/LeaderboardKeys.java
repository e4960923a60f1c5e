package io.leaderboard.events;

import java.util.Objects;

/**
 * Redis key names of one board and one of its periods. Every key carries the board in a
 * hash tag ({@code {global}}) so that all of a board's keys, across periods, stay on one
 * Redis Cluster slot and the Lua scripts that touch several of them stay legal there. A
 * sharded board's entries are in several such sets, each named by its shard
 * ({@link BoardShards#name}).
 *
 * @param board the board id, or the name of one of its shards
 * @param period the period id ({@link Boards#ALL_TIME} for a board that never resets)
 */
public record LeaderboardKeys(String board, String period) {

	public LeaderboardKeys {
		Objects.requireNonNull(board, "board");
		Objects.requireNonNull(period, "period");
	}

	public static LeaderboardKeys of(String board, String period) {
		return new LeaderboardKeys(board, period);
	}

	/**
	 * STRING with a short TTL: a single-use ticket for a personal stream, minted by the
	 * api-service for the player's id and taken (GETDEL) by a broadcaster.
	 */
	public static String streamTicket(String ticket) {
		return "leaderboard:stream-ticket:" + ticket;
	}

	/**
	 * ZSET of the players who have a personal stream open on some broadcaster: member =
	 * the user id, score = the epoch millisecond until which a broadcaster vouches for
	 * the stream (it refreshes that while the stream stays open). The projector sends a
	 * player's new rank only to those players, so a score nobody watches costs no
	 * message.
	 */
	public static String watchedPlayers() {
		return "leaderboard:watched-players";
	}

	/**
	 * STRING that exists while Redis holds the projection: written after a full rebuild
	 * from PostgreSQL. Its absence means Redis lost its data (a flush, a restart without
	 * persistence) or never had it, and the projector rebuilds.
	 */
	public static String projectionSentinel() {
		return "leaderboard:projection-sentinel";
	}

	/**
	 * The {@link #projectionSentinel()} of one primary of a Redis Cluster: each primary
	 * holds one, in a slot it serves (the {@code tag}), so that the loss of any one
	 * primary's data shows, not only of the one that would hold a single sentinel.
	 */
	public static String projectionSentinel(String tag) {
		return projectionSentinel() + ":{" + tag + "}";
	}

	/**
	 * The staging twin of one of this period's keys: while a rebuild of the period runs,
	 * the projection writes each event it applies to the twins as well, and the rebuild
	 * merges them into its snapshot of PostgreSQL before it swaps that in, so an event
	 * projected meanwhile is not undone by the older snapshot.
	 */
	public static String staged(String key) {
		return key + ":staged";
	}

	private String boardKey(String suffix) {
		return "leaderboard:{" + this.board + "}:" + suffix;
	}

	private String periodKey(String suffix) {
		return "leaderboard:{" + this.board + "}:" + this.period + ":" + suffix;
	}

	/**
	 * ZSET of the visible players: member = {@link Rankings#member}, score =
	 * {@link Rankings#stored}, so ascending order is the ranking and ties list the
	 * earliest first.
	 */
	public String scores() {
		return periodKey("scores");
	}

	/** ZSET like {@link #scores()}, of the players hidden by a moderator. */
	public String hiddenScores() {
		return periodKey("hidden-scores");
	}

	/** HASH: user id → the player's current member in the ZSETs. */
	public String members() {
		return periodKey("members");
	}

	/** HASH: user id → the version of the last applied event. */
	public String versions() {
		return periodKey("versions");
	}

	/** HASH: user id → {@link PlayerDetails} JSON. */
	public String players() {
		return periodKey("players");
	}

	/**
	 * STRING: JSON array of the top {@link Boards#TOP_SIZE} {@link LeaderboardEntry}s.
	 */
	public String top() {
		return periodKey("top10");
	}

	/**
	 * STRING counter: bumped by every change of the period's ranking, so a decision taken
	 * on an older read can be recognised as stale.
	 */
	public String generation() {
		return periodKey("generation");
	}

	/**
	 * STRING that exists while a rebuild of this period runs: the projector then applies
	 * each event to the {@link #staged staging} keys as well as the live ones.
	 */
	public String rebuilding() {
		return periodKey("rebuilding");
	}

	/**
	 * SET of the user ids moderated (hidden or shown) while a rebuild of this period
	 * runs: the rebuild places each of their entries by the board's hidden set when it
	 * swaps its snapshot in, since the snapshot may predate the decision.
	 */
	public String moderatedDuringRebuild() {
		return periodKey("moderated:staged");
	}

	/**
	 * HASH of the entries removed ({@link EntryRemoved}) while a rebuild of this period
	 * runs: user id → the removal's version. The rebuild drops each of them from its
	 * snapshot where the snapshot's entry is older, since the snapshot may predate the
	 * removal.
	 */
	public String removedDuringRebuild() {
		return periodKey("removed:staged");
	}

	/**
	 * ZSET of the period's cohorts, every score 0: member = cohort id, '/', user id (see
	 * {@link Cohorts}), so a cohort's players are one lexicographic range. One key for
	 * all cohorts of the period: written and evicted like the period's other keys.
	 */
	public String cohorts() {
		return periodKey("cohorts");
	}

	/** HASH: user id → the player's cohort id, on a board with cohorts. */
	public String cohortOf() {
		return periodKey("cohort-of");
	}

	/** SET of the board's period ids that hold scores. */
	public String periods() {
		return boardKey("periods");
	}

	/** SET of the user ids hidden from the board by a moderator. */
	public String hidden() {
		return boardKey("hidden");
	}

	/**
	 * HASH: user id → the version of the last moderation decision ({@link PlayerHidden},
	 * {@link PlayerShown}) applied for the player on this board.
	 */
	public String moderation() {
		return boardKey("moderation");
	}

	/** HASH: what the last notification carried and when, for the throttle. */
	public String emitted() {
		return boardKey("emitted");
	}

	/** STRING counter: the last notification sequence of the board, across periods. */
	public String sequence() {
		return boardKey("sequence");
	}

	/** STRING: the newest period the board has notified; older periods stay quiet. */
	public String livePeriod() {
		return boardKey("live-period");
	}

}
