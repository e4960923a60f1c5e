package io.leaderboard.broadcaster.fanout;

import java.util.List;

import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.RankChange;

/** The JSON shapes on the stream (docs/architecture.md). */
final class Payloads {

	private Payloads() {
	}

	record Snapshot(String type, String board, String period, long sequence, String reason,
			List<LeaderboardEntry> top) {

		Snapshot(String board, String period, long sequence, String reason, List<LeaderboardEntry> top) {
			this("snapshot", board, period, sequence, reason, top);
		}

	}

	/** The last frame before an instance stops: connect again, to any instance. */
	record Reconnect(String type, String board, String reason) {

		Reconnect(String board, String reason) {
			this("reconnect", board, reason);
		}

	}

	record Update(String type, String board, String period, long sequence, boolean membershipChanged,
			List<LeaderboardEntry> top, List<RankChange> changes) {

		Update(String board, String period, long sequence, boolean membershipChanged, List<LeaderboardEntry> top,
				List<RankChange> changes) {
			this("update", board, period, sequence, membershipChanged, top, changes);
		}

	}

}
