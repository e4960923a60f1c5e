package io.leaderboard.api.board;

import java.util.List;

import io.leaderboard.events.Boards;
import io.leaderboard.events.ScoreChanged;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code PUT /admin/leaderboards/{boardId}}, and a board declared in
 * configuration ({@code leaderboard.boards.declared.<id>.*}).
 */
public record BoardDefinition(
		@NotNull(message = "sortOrder is required") @Pattern(regexp = "desc|asc",
				message = "sortOrder must be \"desc\" or \"asc\"") String sortOrder,
		@NotNull(message = "operator is required") @Pattern(regexp = "best|latest|increment",
				message = "operator must be \"best\", \"latest\" or \"increment\"") String operator,
		@Size(max = 120, message = "resetSchedule must be at most 120 characters") String resetSchedule,
		@Min(value = -ScoreChanged.MAX_SAFE_SCORE, message = "maxScore must be at least -9007199254740991") @Max(
				value = ScoreChanged.MAX_SAFE_SCORE,
				message = "maxScore must be at most 9007199254740991") Long maxScore,
		@Size(max = 10, message = "linkedBoards may name at most 10 boards") List<@NotNull(
				message = "linkedBoards must not contain null") @Pattern(regexp = Boards.ID_REGEX,
						message = "linkedBoards must hold board ids matching [a-z0-9][a-z0-9-]{0,63}") String> linkedBoards) {

	/**
	 * The board this defines.
	 * @throws IllegalArgumentException with a message for the client
	 */
	Board toBoard(String id) {
		List<String> linked = (this.linkedBoards != null) ? this.linkedBoards.stream().distinct().toList() : List.of();
		if (linked.contains(id)) {
			throw new IllegalArgumentException("linkedBoards must not name the board itself");
		}
		return new Board(id, io.leaderboard.events.SortOrder.of(this.sortOrder), Operator.of(this.operator),
				ResetSchedule.parse(this.resetSchedule), this.maxScore, linked);
	}

}
