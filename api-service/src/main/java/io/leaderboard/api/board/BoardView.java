package io.leaderboard.api.board;

import java.time.Instant;
import java.util.List;

/** A board's definition as clients read it, with its current period. */
public record BoardView(String id, String sortOrder, String operator, String resetSchedule, Long maxScore,
		List<String> linkedBoards, String currentPeriod, Instant nextResetAt) {

	static BoardView of(Board board, Instant now) {
		Period period = board.periodAt(now);
		return new BoardView(board.id(), board.sortOrder().id(), board.operator().id(), board.resetSchedule().text(),
				board.maxScore(), board.linkedBoards(), period.id(), period.nextResetAt());
	}

}
