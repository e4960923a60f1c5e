package io.leaderboard.events;

/** Board names known to every service. */
public final class Boards {

	/** The one board of the score pipeline; more boards build on the same keys. */
	public static final String GLOBAL = "global";

	/** How many entries the cached top and the notifications carry. */
	public static final int TOP_SIZE = 10;

	private Boards() {
	}

}
