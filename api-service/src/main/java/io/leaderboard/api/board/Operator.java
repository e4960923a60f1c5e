package io.leaderboard.api.board;

import java.util.Locale;

/** How a submission combines with the score a player already has on a board. */
public enum Operator {

	/** Keeps the better of the old and new score. */
	BEST,

	/** Replaces the score. */
	LATEST,

	/** Adds the submitted value to the score. */
	INCREMENT;

	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Operator of(String id) {
		return valueOf(id.toUpperCase(Locale.ROOT));
	}

}
