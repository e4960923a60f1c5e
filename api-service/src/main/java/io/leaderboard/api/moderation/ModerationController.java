package io.leaderboard.api.moderation;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.events.Boards;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Needs the {@code leaderboard:admin} scope (SecurityConfiguration). Both idempotent. */
@RestController
@RequestMapping("/admin/leaderboards/{boardId}/hidden/{userId}")
class ModerationController {

	private final BoardCatalog catalog;

	private final HiddenPlayers hiddenPlayers;

	ModerationController(BoardCatalog catalog, HiddenPlayers hiddenPlayers) {
		this.catalog = catalog;
		this.hiddenPlayers = hiddenPlayers;
	}

	@PutMapping
	ResponseEntity<Void> hide(
			@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@PathVariable @Positive long userId) {
		this.hiddenPlayers.hide(this.catalog.require(boardId), userId);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping
	ResponseEntity<Void> show(
			@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@PathVariable @Positive long userId) {
		this.hiddenPlayers.show(this.catalog.require(boardId), userId);
		return ResponseEntity.noContent().build();
	}

}
