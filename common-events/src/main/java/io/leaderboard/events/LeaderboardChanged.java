package io.leaderboard.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The top of a board changed. Carries the whole new top so that a broadcaster can push it
 * without reading Redis.
 *
 * <p>
 * {@code sequence} increases by one per notification of a board, across every projector
 * instance (it is a Redis counter), so broadcasters can use it as the SSE event id and a
 * client can resume from any instance. {@code latestScoreAt} is when the newest score in
 * this change was accepted, for measuring end-to-end delay.
 */
public record LeaderboardChanged(int schemaVersion, String board, long sequence, List<LeaderboardEntry> top,
		boolean membershipChanged, Instant latestScoreAt, Instant occurredAt) {

	public static final int SCHEMA_VERSION = 1;

	public LeaderboardChanged {
		Objects.requireNonNull(board, "board");
		top = List.copyOf(top);
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

}
