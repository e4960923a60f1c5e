package io.leaderboard.api.leaderboard;

import java.time.Instant;

/** A player and score as a source lists them, before ranks are assigned. */
record ScoredPlayer(long userId, String nickName, long score, Instant updatedAt) {

}
