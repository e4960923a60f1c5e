package io.leaderboard.api.history;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.web.Routes;
import io.leaderboard.events.Boards;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A player's submissions to a board. Public, like every read of a board. */
@RestController
class HistoryController {

	private final BoardCatalog catalog;

	private final SubmissionHistory history;

	HistoryController(BoardCatalog catalog, SubmissionHistory history) {
		this.catalog = catalog;
		this.history = history;
	}

	@GetMapping(Routes.PLAYER_HISTORY)
	HistoryPage history(@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@PathVariable @Positive long userId, @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(min = 1, max = 200) String cursor,
			@RequestParam(required = false) @Size(min = 1, max = 32) String period) {
		return this.history.page(this.catalog.require(boardId), userId, period, limit, cursor);
	}

}
