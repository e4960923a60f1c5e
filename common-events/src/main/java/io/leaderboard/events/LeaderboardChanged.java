package io.leaderboard.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The top of a board changed. Carries the whole new top and how players moved since the
 * previous notification, so that a broadcaster can push it without reading Redis.
 *
 * <p>
 * {@code sequence} increases by one per notification of a board, across every projector
 * instance and period (it is a Redis counter), so broadcasters can use it as the SSE
 * event id and a client can resume from any instance. {@code latestScoreAt} is when the
 * newest score in this change was accepted, for measuring end-to-end delay.
 */
public record LeaderboardChanged(int schemaVersion, String board, String period, long sequence,
		List<LeaderboardEntry> top, List<RankChange> changes, boolean membershipChanged, Instant latestScoreAt,
		Instant occurredAt) {

	public static final int SCHEMA_VERSION = 2;

	public LeaderboardChanged {
		Objects.requireNonNull(board, "board");
		Objects.requireNonNull(period, "period");
		top = List.copyOf(top);
		changes = List.copyOf(changes);
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

}
