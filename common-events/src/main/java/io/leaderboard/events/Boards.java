package io.leaderboard.events;

import java.util.regex.Pattern;

/** What every service knows about boards, whatever their definition. */
public final class Boards {

	/** The board that exists out of the box (desc, best, no reset). */
	public static final String GLOBAL = "global";

	/** The syntax of a board id. */
	public static final String ID_REGEX = "[a-z0-9][a-z0-9-]{0,63}";

	public static final Pattern ID = Pattern.compile(ID_REGEX);

	/** What a bad board id is told. */
	public static final String ID_MESSAGE = "must match " + ID_REGEX;

	/** The one period of a board that never resets. */
	public static final String ALL_TIME = "all";

	/** How many entries the cached top and the notifications carry. */
	public static final int TOP_SIZE = 10;

	/**
	 * Redis HASH: board id → definition JSON, mirrored by the api-service so that other
	 * services can tell a board exists without reaching PostgreSQL.
	 */
	public static final String DEFINITIONS_KEY = "leaderboard:definitions";

	private Boards() {
	}

	public static boolean isValidId(String id) {
		return id != null && ID.matcher(id).matches();
	}

}
