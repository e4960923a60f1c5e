package io.leaderboard.api.period;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.period.Views.HistoryPage;
import io.leaderboard.api.period.Views.PeriodsPage;
import io.leaderboard.api.period.Views.ResultsPage;
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

/** Periods of a board and the results of the closed ones. Public, as every board read. */
@RestController
class PeriodController {

	private final BoardCatalog catalog;

	private final PeriodReads reads;

	PeriodController(BoardCatalog catalog, PeriodReads reads) {
		this.catalog = catalog;
		this.reads = reads;
	}

	@GetMapping(Routes.BOARD_PERIODS)
	PeriodsPage periods(@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(min = 1, max = 200) String cursor) {
		return this.reads.periods(this.catalog.require(boardId), limit, cursor);
	}

	@GetMapping(Routes.PERIOD_RESULTS)
	ResultsPage results(@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@PathVariable @Size(min = 1, max = 32) String period,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(min = 1, max = 200) String cursor) {
		return this.reads.results(this.catalog.require(boardId), period, limit, cursor);
	}

	@GetMapping(Routes.PLAYER_RESULTS)
	HistoryPage history(@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@PathVariable @Positive long userId, @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(min = 1, max = 200) String cursor) {
		return this.reads.history(this.catalog.require(boardId), userId, limit, cursor);
	}

}
