package io.leaderboard.api.score;

import java.time.Instant;

/**
 * What the submission statement found and left behind.
 *
 * @param accepted whether the new score was higher and so written, with its outbox row
 * @param previousScore the score stored before the statement, null for a first score
 */
record StoredScore(long userId, String nickName, long score, Instant updatedAt, boolean accepted, Long previousScore) {

}
