package io.leaderboard.api.score;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.leaderboard.api.auth.TokenPlayer;
import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.board.Operator;
import io.leaderboard.api.leaderboard.RankCounter;
import io.leaderboard.api.leaderboard.RankCounter.Ranks;
import io.leaderboard.events.Boards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.Metadata;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ScoreController {

	private final ScoreSubmission submission;

	private final BoardCatalog catalog;

	private final RankCounter ranks;

	private final EventCodec codec;

	private final Clock clock;

	ScoreController(ScoreSubmission submission, BoardCatalog catalog, RankCounter ranks, EventCodec codec,
			Clock clock) {
		this.submission = submission;
		this.catalog = catalog;
		this.ranks = ranks;
		this.codec = codec;
		this.clock = clock;
	}

	@PostMapping(path = "/leaderboards/{boardId}/scores", consumes = MediaType.APPLICATION_JSON_VALUE)
	ScoreResponse submit(@PathVariable @Pattern(regexp = Boards.ID_REGEX, message = Boards.ID_MESSAGE) String boardId,
			@AuthenticationPrincipal Jwt token, @Valid @RequestBody ScoreRequest request) {
		Board board = this.catalog.require(boardId);
		JsonNode metadata = checkedMetadata(request.metadata());
		// one instant decides every period of this submission and is the time it records
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		List<Target> targets = targets(board, request.score(), now);
		StoredScore stored = this.submission.submit(playerOf(token), targets, request.score(), metadata, now)
			.stream()
			.filter((entry) -> entry.board().equals(board.id()))
			.findFirst()
			.orElseThrow();
		Ranks ranks = this.ranks.ranksOf(board, stored.period(), stored.userId(), stored.score(),
				stored.previousScore());
		return new ScoreResponse(board.id(), stored.period(), stored.userId(), stored.nickName(), stored.score(),
				ranks.rank(), ranks.previousRank(), stored.updatedAt());
	}

	/** The seed path: the global board. */
	@PostMapping(path = "/scores", consumes = MediaType.APPLICATION_JSON_VALUE)
	ScoreResponse submitToGlobal(@AuthenticationPrincipal Jwt token, @Valid @RequestBody ScoreRequest request) {
		return submit(Boards.GLOBAL, token, request);
	}

	/**
	 * The board and every board linked to it, each with the period the score counts in.
	 */
	private List<Target> targets(Board board, long score, Instant now) {
		List<Target> targets = new ArrayList<>();
		targets.add(new Target(checkedBound(board, score), board.periodAt(now).id()));
		for (String linkedId : board.linkedBoards()) {
			// a linked board deleted from under the definition is skipped, not an error
			this.catalog.find(linkedId)
				.ifPresent((linked) -> targets.add(new Target(checkedBound(linked, score), linked.periodAt(now).id())));
		}
		return targets;
	}

	private static Board checkedBound(Board board, long score) {
		if (!board.allows(score)) {
			throw new ScoreRejectedException(HttpStatus.UNPROCESSABLE_CONTENT, "Score above the board's limit",
					"Board \"" + board.id() + "\" takes "
							+ ((board.operator() == Operator.INCREMENT) ? "increments" : "scores") + " of at most "
							+ board.maxScore() + "; nothing was recorded.");
		}
		return board;
	}

	private JsonNode checkedMetadata(JsonNode metadata) {
		JsonNode value = Metadata.orNull(metadata);
		if (value == null) {
			return null;
		}
		if (!value.isObject()) {
			throw new ScoreRejectedException(HttpStatus.BAD_REQUEST, "Invalid request",
					"metadata must be a JSON object, such as {\"level\": 3}");
		}
		if (!finite(value)) {
			throw new ScoreRejectedException(HttpStatus.BAD_REQUEST, "Invalid request",
					"metadata must hold only numbers a double can represent");
		}
		if (this.codec.toJson(value).getBytes(StandardCharsets.UTF_8).length > Metadata.MAX_BYTES) {
			throw new ScoreRejectedException(HttpStatus.BAD_REQUEST, "Invalid request",
					"metadata must be at most 1024 bytes of compact JSON");
		}
		return value;
	}

	/** 1e400 parses to infinity, which JSON (and PostgreSQL's jsonb) cannot hold. */
	private static boolean finite(JsonNode node) {
		if (node.isFloatingPointNumber()) {
			return Double.isFinite(node.doubleValue());
		}
		for (JsonNode child : node.values()) {
			if (!finite(child)) {
				return false;
			}
		}
		return true;
	}

	private static Player playerOf(Jwt token) {
		return new Player(token.getSubject(), TokenPlayer.nickName(token));
	}

}
