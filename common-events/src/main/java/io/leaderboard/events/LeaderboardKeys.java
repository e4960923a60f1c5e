package io.leaderboard.events;

import java.util.Objects;

/**
 * Redis key names of one board. Every key carries the board in a hash tag
 * ({@code {global}}) so that a board's keys stay on one Redis Cluster slot and the Lua
 * scripts that touch several of them stay legal there.
 *
 * @param board the board id
 */
public record LeaderboardKeys(String board) {

	public LeaderboardKeys {
		Objects.requireNonNull(board, "board");
	}

	public static LeaderboardKeys of(String board) {
		return new LeaderboardKeys(board);
	}

	private String key(String suffix) {
		return "leaderboard:{" + this.board + "}:" + suffix;
	}

	/** ZSET: member = user id in decimal, score = the player's score. */
	public String scores() {
		return key("scores");
	}

	/** HASH: user id → the version of the last applied event. */
	public String versions() {
		return key("versions");
	}

	/** HASH: user id → JSON {@code {"nickName":…,"updatedAt":…}}. */
	public String players() {
		return key("players");
	}

	/**
	 * STRING: JSON array of the top {@link Boards#TOP_SIZE} {@link LeaderboardEntry}s.
	 */
	public String top() {
		return key("top10");
	}

	/** HASH: what the last notification carried and when, for the throttle. */
	public String emitted() {
		return key("emitted");
	}

	/**
	 * STRING counter: bumped by every batch that changed the board, so a decision taken
	 * on an older read of the board can be recognised as stale.
	 */
	public String generation() {
		return key("generation");
	}

	/** STRING counter: the last notification sequence of the board. */
	public String sequence() {
		return key("sequence");
	}

}
