package io.leaderboard.api.score;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.leaderboard.api.auth.TokenPlayer;
import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.board.Operator;
import io.leaderboard.api.cohort.CohortGroup;
import io.leaderboard.api.leaderboard.RankCounter;
import io.leaderboard.api.leaderboard.RankCounter.Ranks;
import io.leaderboard.api.tournament.TournamentRefusal;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.Metadata;
import io.leaderboard.support.EventTracing;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Takes a player's score for a board: checks it against the board, records it (with every
 * board linked to it) and answers with the ranks.
 */
@Component
class ScoreIntake {

	/**
	 * Deep enough for any game's details, shallow enough that no reader of the metadata
	 * (projector, broadcaster, browser) recurses far.
	 */
	static final int MAX_METADATA_DEPTH = 16;

	private final GroupCommit groupCommit;

	private final ScoreWriter writer;

	private final BoardCatalog catalog;

	private final RankCounter ranks;

	private final EventCodec codec;

	private final Clock clock;

	private final IdempotencyKeys idempotencyKeys;

	private final EventTracing tracing;

	ScoreIntake(GroupCommit groupCommit, ScoreWriter writer, BoardCatalog catalog, RankCounter ranks, EventCodec codec,
			Clock clock, IdempotencyKeys idempotencyKeys, EventTracing tracing) {
		this.groupCommit = groupCommit;
		this.writer = writer;
		this.catalog = catalog;
		this.ranks = ranks;
		this.codec = codec;
		this.clock = clock;
		this.idempotencyKeys = idempotencyKeys;
		this.tracing = tracing;
	}

	/**
	 * Records a score without an idempotency key: the hot path, committed together with
	 * whatever else arrives meanwhile.
	 */
	ScoreResponse submit(String boardId, Jwt token, ScoreRequest request) {
		Board board = this.catalog.require(boardId);
		checkSubscore(board, request);
		Submission submission = submission(board, token, request, checked(request), null);
		GroupCommit.Committed committed = this.groupCommit.write(open(board, submission));
		return answer(board, committed.entries(), committed.ranks(), committed.attemptsLeft());
	}

	/**
	 * Records a score once per idempotency key: the key is claimed in the transaction
	 * that writes the score, so that one is its own.
	 */
	IdempotencyKeys.Answer submitOnce(String boardId, Jwt token, ScoreRequest request, IdempotencyKey key) {
		Board board = this.catalog.require(boardId);
		checkSubscore(board, request);
		JsonNode metadata = checked(request);
		Submission submission = submission(board, token, request, metadata, key);
		// a replay answers what was stored, even once the board has closed, and uses no
		// attempt: only a claimed key writes
		Supplier<ScoreResponse> write = () -> {
			ScoreWriter.Written written = this.writer.write(List.of(open(board, submission))).get(0);
			if (written.refusal() != null) {
				throw written.refusal();
			}
			return answer(board, written.entries(), null, written.attemptsLeft());
		};
		return this.idempotencyKeys.once(submission.player().subject(), key, IdempotencyKeys.fingerprint(board.id(),
				request.score(), metadata, request.outcome(), request.subscore()), submission.now(), write);
	}

	private Submission submission(Board board, Jwt token, ScoreRequest request, JsonNode metadata, IdempotencyKey key) {
		// one instant decides every period of this submission and is the time it records
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		List<Target> targets = targets(board, token, request.score(), now);
		Player player = new Player(token.getSubject(), TokenPlayer.nickName(token));
		// the request's trace, which the publisher carries on in the event's headers
		return new Submission(player, targets, request.score(), (metadata != null) ? this.codec.toJson(metadata) : null,
				Outcome.of(request.outcome()), now, this.tracing.currentTraceParent(),
				(key != null) ? key.value() : null, request.subscore());
	}

	/**
	 * The submission, if its board takes submissions at the instant that decides it.
	 * @throws TournamentRefusal (409) outside the board's window
	 */
	private static Submission open(Board board, Submission submission) {
		if (!board.competition().isOpenAt(submission.now())) {
			throw TournamentRefusal.notOpen(board, submission.now());
		}
		return submission;
	}

	/**
	 * The answer: the entry on the board asked for, and its ranks, counted now unless the
	 * group commit already did.
	 */
	private ScoreResponse answer(Board board, List<StoredScore> written, Ranks known, Integer attemptsLeft) {
		StoredScore stored = GroupCommit.Committed.on(board, written);
		Ranks ranks = (known != null) ? known : this.ranks.ranksOf(stored.toRank(board));
		return new ScoreResponse(board.id(), stored.period(), stored.userId(), stored.nickName(), stored.score(),
				stored.subscore(), ranks.rank(), ranks.previousRank(), stored.updatedAt(), stored.submissionId(),
				attemptsLeft);
	}

	/**
	 * The board and every board linked to it, each with the period the score counts in.
	 */
	private List<Target> targets(Board board, Jwt token, long score, Instant now) {
		List<Target> targets = new ArrayList<>();
		targets.add(target(checkedBound(board, score), token, now));
		for (String linkedId : board.linkedBoards()) {
			// a linked board deleted from under the definition is skipped, not an error;
			// so is one outside its window, whose ranking the window has closed
			this.catalog.find(linkedId)
				.filter((linked) -> linked.competition().isOpenAt(now))
				.ifPresent((linked) -> targets.add(target(checkedBound(linked, score), token, now)));
		}
		return targets;
	}

	private static Target target(Board board, Jwt token, Instant now) {
		String group = board.competition().hasCohorts() ? CohortGroup.of(token, board.competition()) : null;
		return new Target(board, board.periodAt(now).id(), group);
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

	/**
	 * A subscore only for a board that takes one. The boards linked to it take it when
	 * they have a subscore too, and leave it out when they do not.
	 */
	private static void checkSubscore(Board board, ScoreRequest request) {
		if (request.subscore() != null && !board.competition().hasSubscore()) {
			throw new ScoreRejectedException(HttpStatus.BAD_REQUEST, "Invalid request",
					"subscore: board \"" + board.id() + "\" takes no subscore; send the score alone");
		}
	}

	/** The request's metadata, checked, or null when it has none. */
	private JsonNode checked(ScoreRequest request) {
		JsonNode value = Metadata.orNull(request.metadata());
		if (value == null) {
			return null;
		}
		if (!value.isObject()) {
			throw new ScoreRejectedException(HttpStatus.BAD_REQUEST, "Invalid request",
					"metadata must be a JSON object, such as {\"level\": 3}");
		}
		if (depth(value) > MAX_METADATA_DEPTH) {
			throw new ScoreRejectedException(HttpStatus.BAD_REQUEST, "Invalid request",
					"metadata must nest at most " + MAX_METADATA_DEPTH + " levels deep");
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

	private static int depth(JsonNode node) {
		int deepest = 0;
		for (JsonNode child : node.values()) {
			deepest = Math.max(deepest, depth(child));
		}
		return (node.isContainer() ? 1 : 0) + deepest;
	}

}
