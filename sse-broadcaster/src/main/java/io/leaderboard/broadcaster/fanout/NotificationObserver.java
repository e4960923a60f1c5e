package io.leaderboard.broadcaster.fanout;

import io.leaderboard.events.LeaderboardChanged;

/** Told of every board notification after the board's hub; personal streams are. */
public interface NotificationObserver {

	void notified(LeaderboardChanged changed);

}
