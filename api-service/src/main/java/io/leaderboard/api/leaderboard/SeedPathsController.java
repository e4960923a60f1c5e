package io.leaderboard.api.leaderboard;

import java.util.List;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.leaderboard.Views.Standing;
import io.leaderboard.api.leaderboard.Views.TopPage;
import io.leaderboard.events.Boards;
import io.leaderboard.events.LeaderboardEntry;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

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

	@GetMapping("/leaderboard/top")
	ResponseEntity<List<LeaderboardEntry>> top(@RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit) {
		Sourced<TopPage> page = this.reader.top(this.catalog.require(Boards.GLOBAL), null, limit, null);
		return ResponseEntity.ok().header(Source.HEADER, page.source().headerValue()).body(page.value().entries());
	}

	@GetMapping("/leaderboard/{userId}")
	ResponseEntity<Standing> player(@PathVariable @Positive long userId) {
		Sourced<Standing> standing = this.reader.standing(this.catalog.require(Boards.GLOBAL), null, userId);
		return ResponseEntity.ok().header(Source.HEADER, standing.source().headerValue()).body(standing.value());
	}

}
