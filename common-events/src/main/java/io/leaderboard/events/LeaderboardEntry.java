package io.leaderboard.events;

import java.time.Instant;

/**
 * One row of a ranking as every reader shows it. {@code rank} is the competition rank: 1
 * + the number of players with a strictly higher score, so tied players share a rank.
 */
public record LeaderboardEntry(long rank, long userId, String nickName, long score, Instant updatedAt) {

}
