package io.leaderboard.broadcaster.fanout;

import java.util.ArrayList;
import java.util.List;

import io.leaderboard.events.LeaderboardEntry;

/**
 * The rows of a top that differ from an earlier top of the same period, by position: a
 * client that holds the earlier top sets {@code top[index] = row} for each, then cuts its
 * top to {@code size}.
 */
final class Delta {

	private Delta() {
	}

	static List<Payloads.Row> rows(List<LeaderboardEntry> before, List<LeaderboardEntry> after) {
		List<Payloads.Row> rows = new ArrayList<>();
		for (int index = 0; index < after.size(); index++) {
			LeaderboardEntry entry = after.get(index);
			if (index >= before.size() || !entry.equals(before.get(index))) {
				rows.add(new Payloads.Row(index, entry));
			}
		}
		return rows;
	}

}
