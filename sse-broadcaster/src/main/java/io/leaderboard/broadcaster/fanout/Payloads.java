package io.leaderboard.broadcaster.fanout;

import java.util.List;

import io.leaderboard.events.LeaderboardEntry;

/** The JSON shapes on the stream (docs/architecture.md). */
final class Payloads {

	private Payloads() {
	}

	record Snapshot(String type, String board, long sequence, String reason, List<LeaderboardEntry> top) {

		Snapshot(String board, long sequence, String reason, List<LeaderboardEntry> top) {
			this("snapshot", board, sequence, reason, top);
		}

	}

	record Update(String type, String board, long sequence, boolean membershipChanged, List<LeaderboardEntry> top) {

		Update(String board, long sequence, boolean membershipChanged, List<LeaderboardEntry> top) {
			this("update", board, sequence, membershipChanged, top);
		}

	}

}
