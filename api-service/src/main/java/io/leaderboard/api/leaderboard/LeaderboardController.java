package io.leaderboard.api.leaderboard;

import io.leaderboard.api.web.Routes;
import java.util.List;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.leaderboard.Views.BoardStats;
import io.leaderboard.api.leaderboard.Views.CohortView;
import io.leaderboard.api.leaderboard.Views.RankedEntries;
import io.leaderboard.api.leaderboard.Views.Standing;
import io.leaderboard.api.leaderboard.Views.TopPage;
import io.leaderboard.events.Boards;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads of any board. Public: spectators have no account. */
@RestController
@RequestMapping(Routes.BOARD)
class LeaderboardController {

	private final BoardCatalog catalog;

	private final RankingReader reader;

	private final JsonMapper json;

	LeaderboardController(BoardCatalog catalog, RankingReader reader, JsonMapper json) {
		this.catalog = catalog;
		this.reader = reader;
		this.json = json;
	}

	/** Rendered once per change of the board: most requests are answered from memory. */
	@GetMapping(path = "/top", produces = MediaType.APPLICATION_JSON_VALUE)
	@ApiResponse(responseCode = "200", description = "A page of the ranking",
			content = @Content(schema = @Schema(implementation = TopPage.class)))
	ResponseEntity<byte[]> top(
			@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit,
			@RequestParam(required = false) @Size(min = 1, max = 200) String cursor,
			@RequestParam(required = false) @Size(min = 1, max = 32) String period) {
		TopPages.Rendered page = this.reader.renderedTop(this.catalog.require(boardId), period, limit, cursor,
				TopPages.View.PAGE);
		return ResponseEntity.ok().header(Source.HEADER, page.source().headerValue()).body(page.json());
	}

	@GetMapping(path = "/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@ApiResponse(responseCode = "200", description = "The player's standing",
			content = @Content(schema = @Schema(implementation = Standing.class)))
	ResponseEntity<byte[]> player(
			@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@PathVariable @Positive long userId,
			@RequestParam(required = false) @Size(min = 1, max = 32) String period) {
		Sourced<Standing> standing = this.reader.standing(this.catalog.require(boardId), period, userId);
		// serialised here, so the answer leaves with its length in one write (as a
		// score's)
		return ResponseEntity.ok()
			.header(Source.HEADER, standing.source().headerValue())
			.body(this.json.writeValueAsBytes(standing.value()));
	}

	@GetMapping("/users/{userId}/cohort")
	ResponseEntity<CohortView> cohort(
			@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@PathVariable @Positive long userId,
			@RequestParam(required = false) @Size(min = 1, max = 32) String period) {
		Sourced<CohortView> cohort = this.reader.cohort(this.catalog.require(boardId), period, userId);
		return ResponseEntity.ok().header(Source.HEADER, cohort.source().headerValue()).body(cohort.value());
	}

	@GetMapping("/users/{userId}/around")
	RankedEntries around(@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@PathVariable @Positive long userId, @RequestParam(defaultValue = "5") @Min(1) @Max(50) int radius,
			@RequestParam(required = false) @Size(min = 1, max = 32) String period) {
		return this.reader.around(this.catalog.require(boardId), period, userId, radius);
	}

	@PostMapping(path = "/ranks", consumes = MediaType.APPLICATION_JSON_VALUE)
	RankedEntries ranks(@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@RequestParam(required = false) @Size(min = 1, max = 32) String period,
			@Valid @RequestBody RanksRequest request) {
		return this.reader.ranks(this.catalog.require(boardId), period, request.userIds());
	}

	@GetMapping("/stats")
	BoardStats stats(@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@RequestParam(required = false) @Size(min = 1, max = 32) String period) {
		return this.reader.stats(this.catalog.require(boardId), period);
	}

	/** Friends, a clan: up to 100 players. */
	record RanksRequest(@NotNull(message = "userIds is required") @Size(max = 100,
			message = "userIds may hold at most 100 ids") List<@NotNull(
					message = "userIds must not contain null") @Positive(
							message = "userIds must hold positive user ids") Long> userIds) {

	}

}
