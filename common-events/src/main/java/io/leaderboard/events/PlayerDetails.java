package io.leaderboard.events;

import java.time.Instant;

/**
 * What Redis keeps of a player beside the ZSET score, in
 * {@link LeaderboardKeys#players()}.
 */
public record PlayerDetails(String nickName, Instant updatedAt) {

}
