package io.leaderboard.api.score;

import io.leaderboard.api.web.Routes;
import io.leaderboard.events.Boards;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ScoreController {

	/**
	 * Tells a client that the answer is the stored one of an earlier request with its
	 * key.
	 */
	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private final ScoreIntake intake;

	private final JsonMapper json;

	ScoreController(ScoreIntake intake, JsonMapper json) {
		this.intake = intake;
		this.json = json;
	}

	@PostMapping(path = Routes.BOARD_SCORES, consumes = MediaType.APPLICATION_JSON_VALUE)
	@ApiResponse(responseCode = "200", description = "The score as recorded, with the player's rank",
			content = @Content(schema = @Schema(implementation = ScoreResponse.class)))
	ResponseEntity<byte[]> submit(
			@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@AuthenticationPrincipal Jwt token, HttpServletRequest http, @Valid @RequestBody ScoreRequest request) {
		IdempotencyKey key = IdempotencyKey.of(http);
		if (key == null) {
			return ok(this.intake.submit(boardId, token, request), false);
		}
		IdempotencyKeys.Answer answer = this.intake.submitOnce(boardId, token, request, key);
		return ok(answer.response(), answer.replayed());
	}

	/** The seed path: the global board. */
	@PostMapping(path = Routes.GLOBAL_SCORES, consumes = MediaType.APPLICATION_JSON_VALUE)
	@ApiResponse(responseCode = "200", description = "The score as recorded, with the player's rank",
			content = @Content(schema = @Schema(implementation = ScoreResponse.class)))
	ResponseEntity<byte[]> submitToGlobal(@AuthenticationPrincipal Jwt token, HttpServletRequest http,
			@Valid @RequestBody ScoreRequest request) {
		return submit(Boards.GLOBAL, token, http, request);
	}

	/**
	 * Serialised here rather than by a message converter: with its length known the
	 * answer leaves in one write, where a converter's streamed body costs a second one to
	 * end it.
	 */
	private ResponseEntity<byte[]> ok(ScoreResponse response, boolean replayed) {
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
		if (replayed) {
			ok.header(REPLAYED_HEADER, "true");
		}
		return ok.body(this.json.writeValueAsBytes(response));
	}

}
