package io.leaderboard.api.score;

import io.leaderboard.api.board.Board;

/** One board a submission writes, and the period it counts in there. */
record Target(Board board, String period) {

}
