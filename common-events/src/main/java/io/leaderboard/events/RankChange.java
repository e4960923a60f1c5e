package io.leaderboard.events;

/**
 * How one player moved in the top between two notifications: what a client needs to say
 * "Alice moved from #7 to #3". {@code oldRank}/{@code oldScore} are null for a player who
 * entered the top, {@code newRank}/{@code newScore} for one who left it.
 */
public record RankChange(long userId, String nickName, Long oldRank, Long newRank, Long oldScore, Long newScore) {

}
