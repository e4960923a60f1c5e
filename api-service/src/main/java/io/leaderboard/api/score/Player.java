package io.leaderboard.api.score;

/**
 * Who submits: the token's subject, and the nick name a first score registers (see
 * {@link io.leaderboard.api.auth.TokenPlayer}).
 */
record Player(String subject, String nickName) {

}
