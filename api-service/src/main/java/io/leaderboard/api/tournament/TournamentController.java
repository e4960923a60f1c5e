package io.leaderboard.api.tournament;

import io.leaderboard.api.auth.TokenPlayer;
import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.cohort.CohortGroup;
import io.leaderboard.api.web.Routes;
import io.leaderboard.events.Boards;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Joining a tournament (the token's player, for the period open to joins) and listing who
 * joined (public, like every read of a board).
 */
@RestController
class TournamentController {

	private final BoardCatalog catalog;

	private final Enrolment enrolment;

	private final Participants participants;

	TournamentController(BoardCatalog catalog, Enrolment enrolment, Participants participants) {
		this.catalog = catalog;
		this.enrolment = enrolment;
		this.participants = participants;
	}

	/** Joining twice answers the first join. */
	@PostMapping(Routes.BOARD_JOIN)
	Enrolment.Joined join(@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@AuthenticationPrincipal Jwt token) {
		Board board = this.catalog.require(boardId);
		return this.enrolment.join(board, token.getSubject(), TokenPlayer.nickName(token),
				CohortGroup.of(token, board.competition()));
	}

	@GetMapping(Routes.BOARD_PARTICIPANTS)
	ParticipantsPage participants(
			@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(min = 1, max = 200) String cursor,
			@RequestParam(required = false) @Size(min = 1, max = 32) String period) {
		return this.participants.page(this.catalog.require(boardId), period, limit, cursor);
	}

}
