package io.leaderboard.api.leaderboard;

import java.util.List;

import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.Rankings.Scored;

/**
 * A contiguous run of a ranking as a source read it.
 *
 * @param players the run, best first
 * @param cursors where each of them sits in the ranking order
 * @param better how many visible players rank strictly better than the first
 * @param position the 0-based position of the first
 */
record Slice(List<Scored> players, List<Cursor> cursors, long better, long position) {

	static final Slice EMPTY = new Slice(List.of(), List.of(), 0, 0);

	List<LeaderboardEntry> ranked() {
		return Rankings.rank(this.players, this.better, this.position);
	}

}
