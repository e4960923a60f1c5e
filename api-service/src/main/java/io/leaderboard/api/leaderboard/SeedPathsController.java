package io.leaderboard.api.leaderboard;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.leaderboard.Views.Standing;
import io.leaderboard.events.Boards;
import io.leaderboard.events.LeaderboardEntry;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's paths, kept as aliases of the global board's reads. The top keeps the seed's
 * shape, a bare array, so existing clients keep working.
 */
@RestController
class SeedPathsController {

	private final BoardCatalog catalog;

	private final RankingReader reader;

	SeedPathsController(BoardCatalog catalog, RankingReader reader) {
		this.catalog = catalog;
		this.reader = reader;
	}

	@GetMapping(path = "/leaderboard/top", produces = MediaType.APPLICATION_JSON_VALUE)
	@ApiResponse(responseCode = "200", description = "The global board's first entries",
			content = @Content(array = @ArraySchema(schema = @Schema(implementation = LeaderboardEntry.class))))
	ResponseEntity<byte[]> top(@RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit) {
		TopPages.Rendered page = this.reader.renderedTop(this.catalog.require(Boards.GLOBAL), null, limit, null,
				TopPages.View.ENTRIES);
		return ResponseEntity.ok().header(Source.HEADER, page.source().headerValue()).body(page.json());
	}

	@GetMapping("/leaderboard/{userId}")
	ResponseEntity<Standing> player(@PathVariable @Positive long userId) {
		Sourced<Standing> standing = this.reader.standing(this.catalog.require(Boards.GLOBAL), null, userId);
		return ResponseEntity.ok().header(Source.HEADER, standing.source().headerValue()).body(standing.value());
	}

}
