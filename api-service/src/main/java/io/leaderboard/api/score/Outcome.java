package io.leaderboard.api.score;

import java.util.Locale;

/**
 * How the game behind a submission ended, when the client says so: counted per board
 * period, for the standing's wins, losses, draws and win rate.
 */
enum Outcome {

	WIN, LOSS, DRAW;

	/** The request's and the history's spelling, as in {@link ScoreRequest#OUTCOMES}. */
	String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The outcome of a request, which validation already checked; null for none. */
	static Outcome of(String id) {
		return (id != null) ? valueOf(id.toUpperCase(Locale.ROOT)) : null;
	}

}
