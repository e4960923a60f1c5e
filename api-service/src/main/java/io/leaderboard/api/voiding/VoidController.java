package io.leaderboard.api.voiding;

import java.time.Instant;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.leaderboard.InvalidParameterException;
import io.leaderboard.api.web.Routes;
import io.leaderboard.events.Boards;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Needs the {@code leaderboard:admin} scope (SecurityConfiguration). Both idempotent: a
 * repeat answers the same and changes nothing.
 */
@RestController
class VoidController {

	static final int MAX_REASON = 500;

	private final BoardCatalog catalog;

	private final SubmissionVoiding voiding;

	VoidController(BoardCatalog catalog, SubmissionVoiding voiding) {
		this.catalog = catalog;
		this.voiding = voiding;
	}

	@PostMapping(path = Routes.VOID_SUBMISSION, consumes = MediaType.APPLICATION_JSON_VALUE)
	VoidResult voidSubmission(
			@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@PathVariable @Positive long submissionId, @AuthenticationPrincipal Jwt token,
			@Valid @RequestBody SubmissionVoid request) {
		return this.voiding.voidSubmission(this.catalog.require(boardId), submissionId, token.getSubject(),
				request.reason());
	}

	@PostMapping(path = Routes.VOID_PLAYER_SUBMISSIONS, consumes = MediaType.APPLICATION_JSON_VALUE)
	VoidResult voidWindow(@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@PathVariable @Positive long userId, @AuthenticationPrincipal Jwt token,
			@Valid @RequestBody WindowVoid request) {
		if (request.from().isAfter(request.to())) {
			throw new InvalidParameterException("from", "must not be after to");
		}
		return this.voiding.voidWindow(this.catalog.require(boardId), userId, request.from(), request.to(),
				token.getSubject(), request.reason());
	}

	/** Why one submission is voided. */
	record SubmissionVoid(@NotBlank(message = "reason is required") @Size(max = MAX_REASON,
			message = "reason must be at most " + MAX_REASON + " characters") String reason) {

	}

	/**
	 * Why a player's submissions accepted from {@code from} to {@code to} (ISO-8601
	 * instants, both included) are voided.
	 */
	record WindowVoid(@NotNull(message = "from is required") Instant from,
			@NotNull(message = "to is required") Instant to,
			@NotBlank(message = "reason is required") @Size(max = MAX_REASON,
					message = "reason must be at most " + MAX_REASON + " characters") String reason) {

	}

}
