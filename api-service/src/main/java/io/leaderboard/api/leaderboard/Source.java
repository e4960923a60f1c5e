package io.leaderboard.api.leaderboard;

/**
 * Where an answer came from; told to clients in the {@code Leaderboard-Source} header.
 */
enum Source {

	/** The projection: current within the pipeline's delay. */
	REDIS("redis"),

	/**
	 * The fallback while Redis cannot answer: the truth, but maybe not what the board
	 * shows yet.
	 */
	POSTGRESQL("postgresql"),

	/**
	 * The frozen final standings of a closed period that has left Redis
	 * ({@code leaderboard.periods.hot-retention}).
	 */
	RESULTS("results");

	static final String HEADER = "Leaderboard-Source";

	private final String headerValue;

	Source(String headerValue) {
		this.headerValue = headerValue;
	}

	String headerValue() {
		return this.headerValue;
	}

}
