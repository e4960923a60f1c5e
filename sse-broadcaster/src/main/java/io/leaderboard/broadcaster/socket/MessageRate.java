package io.leaderboard.broadcaster.socket;

/**
 * Counts one socket's messages per second. A socket's messages arrive one at a time on
 * its event loop, so nothing here is shared.
 */
final class MessageRate {

	private static final long SECOND = 1_000_000_000L;

	private final int perSecond;

	private long windowStart = Long.MIN_VALUE;

	private int count;

	MessageRate(int perSecond) {
		this.perSecond = perSecond;
	}

	/** Whether one more message, received at {@code nanoTime}, is within the rate. */
	boolean admit(long nanoTime) {
		if (this.windowStart == Long.MIN_VALUE || nanoTime - this.windowStart >= SECOND) {
			this.windowStart = nanoTime;
			this.count = 0;
		}
		return ++this.count <= this.perSecond;
	}

}
