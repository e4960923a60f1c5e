package io.leaderboard.api.leaderboard;

import java.util.List;

import io.leaderboard.events.LeaderboardEntry;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/leaderboard")
class LeaderboardController {

	private final LeaderboardReader reader;

	LeaderboardController(LeaderboardReader reader) {
		this.reader = reader;
	}

	@GetMapping("/top")
	ResponseEntity<List<LeaderboardEntry>> top(@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
		Sourced<List<LeaderboardEntry>> top = this.reader.top(limit);
		return ResponseEntity.ok().header(Source.HEADER, top.source().headerValue()).body(top.value());
	}

	@GetMapping("/{userId}")
	ResponseEntity<PlayerRank> player(@PathVariable @Min(1) long userId) {
		Sourced<PlayerRank> rank = this.reader.player(userId).orElseThrow(() -> new PlayerNotFoundException(userId));
		return ResponseEntity.ok().header(Source.HEADER, rank.source().headerValue()).body(rank.value());
	}

}
