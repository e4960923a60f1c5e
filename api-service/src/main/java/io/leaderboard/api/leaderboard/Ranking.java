package io.leaderboard.api.leaderboard;

import java.util.ArrayList;
import java.util.List;

import io.leaderboard.events.LeaderboardEntry;

/**
 * Competition ranks ("1224"): 1 + the number of players with a strictly higher score, so
 * tied players share a rank and every source gives a player the same rank.
 */
final class Ranking {

	private Ranking() {
	}

	/**
	 * Ranks a list that starts at the very top of the board, ordered by score descending.
	 */
	static List<LeaderboardEntry> fromTop(List<ScoredPlayer> players) {
		List<LeaderboardEntry> entries = new ArrayList<>(players.size());
		long rank = 0;
		for (int i = 0; i < players.size(); i++) {
			ScoredPlayer player = players.get(i);
			if (i == 0 || player.score() != players.get(i - 1).score()) {
				rank = i + 1;
			}
			entries.add(
					new LeaderboardEntry(rank, player.userId(), player.nickName(), player.score(), player.updatedAt()));
		}
		return entries;
	}

}
