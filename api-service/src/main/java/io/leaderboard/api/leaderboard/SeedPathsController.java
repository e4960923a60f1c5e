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

import tools.jackson.databind.json.JsonMapper;

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

	private final JsonMapper json;

	SeedPathsController(BoardCatalog catalog, RankingReader reader, JsonMapper json) {
		this.catalog = catalog;
		this.reader = reader;
		this.json = json;
	}

	@GetMapping(path = "/leaderboard/top", produces = MediaType.APPLICATION_JSON_VALUE)
	@ApiResponse(responseCode = "200", description = "The global board's first entries",
			content = @Content(array = @ArraySchema(schema = @Schema(implementation = LeaderboardEntry.class))))
	ResponseEntity<byte[]> top(@RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit) {
		TopPages.Rendered page = this.reader.renderedTop(this.catalog.require(Boards.GLOBAL), null, limit, null,
				TopPages.View.ENTRIES);
		return ResponseEntity.ok().header(Source.HEADER, page.source().headerValue()).body(page.json());
	}

	@GetMapping(path = "/leaderboard/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@ApiResponse(responseCode = "200", description = "The player's standing",
			content = @Content(schema = @Schema(implementation = Standing.class)))
	ResponseEntity<byte[]> player(@PathVariable @Positive long userId) {
		Sourced<Standing> standing = this.reader.standing(this.catalog.require(Boards.GLOBAL), null, userId);
		// serialised here, so the answer leaves with its length in one write (as a
		// score's)
		return ResponseEntity.ok()
			.header(Source.HEADER, standing.source().headerValue())
			.body(this.json.writeValueAsBytes(standing.value()));
	}

}
