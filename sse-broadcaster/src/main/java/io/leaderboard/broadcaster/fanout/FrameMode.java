package io.leaderboard.broadcaster.fanout;

/**
 * What a client asked to be sent: every update whole ({@code full}, the default), or only
 * the rows of the top that changed ({@code delta}).
 */
public enum FrameMode {

	FULL, DELTA;

	/** The words clients use, in error messages. */
	public static final String CHOICES = "\"full\" or \"delta\"";

	/**
	 * The mode a client named: full when it named none, null when it named one we do not
	 * have.
	 */
	public static FrameMode of(String value) {
		if (value == null || value.equals("full")) {
			return FULL;
		}
		return value.equals("delta") ? DELTA : null;
	}

}
