package io.leaderboard.projection.projection;

import java.util.List;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;

/** Opens the package-private ranking to tests in other packages. */
public final class TopReaderAccess {

	private TopReaderAccess() {
	}

	public static List<LeaderboardEntry> toEntries(List<?> scores, List<?> details, EventCodec codec) {
		return TopReader.toEntries(scores, details, codec);
	}

}
