package io.leaderboard.api.board;

import io.leaderboard.api.web.Routes;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.leaderboard.events.Boards;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BoardController {

	private final BoardCatalog catalog;

	private final Clock clock;

	BoardController(BoardCatalog catalog, Clock clock) {
		this.catalog = catalog;
		this.clock = clock;
	}

	@GetMapping(Routes.BOARDS)
	List<BoardView> boards() {
		Instant now = this.clock.instant();
		return this.catalog.all().stream().map((board) -> BoardView.of(board, now)).toList();
	}

	@GetMapping(Routes.BOARD)
	BoardView board(@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId) {
		return BoardView.of(this.catalog.require(boardId), this.clock.instant());
	}

	/** Needs the {@code leaderboard:admin} scope (SecurityConfiguration). */
	@PutMapping(path = "/admin/leaderboards/{boardId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BoardView> define(
			@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@Valid @RequestBody BoardDefinition definition) {
		Board board;
		try {
			board = definition.toBoard(boardId);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidBoardException.badRequest(ex.getMessage());
		}
		BoardCatalog.Saved saved = this.catalog.save(board);
		BoardView view = BoardView.of(saved.board(), this.clock.instant());
		return saved.created() ? ResponseEntity.created(URI.create("/leaderboards/" + boardId)).body(view)
				: ResponseEntity.ok(view);
	}

}
