package io.leaderboard.api.leaderboard;

import java.time.Instant;

/** The answer to {@code GET /leaderboard/{userId}}. */
public record PlayerRank(long userId, String nickName, long score, long rank, Instant updatedAt) {

}
