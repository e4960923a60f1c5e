package io.leaderboard.api.tournament;

import java.time.Instant;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.Competition;
import io.leaderboard.api.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A request that a tournament's rules refuse; nothing was written. Each kind has its own
 * problem {@code type}, so a game client can tell "join first" from "come back later".
 */
public final class TournamentRefusal extends ErrorResponseException {

	private TournamentRefusal(HttpStatus status, String type, String title, String detail) {
		super(status);
		getBody().setType(ProblemTypes.of(type));
		getBody().setTitle(title);
		getBody().setDetail(detail);
	}

	/** Before the board's {@code startsAt} or from its {@code endsAt} on. */
	public static TournamentRefusal notOpen(Board board, Instant now) {
		Competition competition = board.competition();
		String when = (competition.startsAt() != null && now.isBefore(competition.startsAt()))
				? "opens at " + competition.startsAt() : "closed at " + competition.endsAt();
		return new TournamentRefusal(HttpStatus.CONFLICT, "not-open", "Board not open",
				"Board \"" + board.id() + "\" " + when + "; nothing was recorded.");
	}

	/** A submission to a board that requires a join, by a player who has not joined. */
	public static TournamentRefusal notJoined(Board board, String period) {
		return new TournamentRefusal(HttpStatus.FORBIDDEN, "not-joined", "Not joined",
				"Board \"" + board.id() + "\" takes scores only from players who joined period " + period
						+ "; POST /leaderboards/" + board.id() + "/join first. Nothing was recorded.");
	}

	/** A join when {@code maxSize} players have joined. */
	public static TournamentRefusal boardFull(Board board, String period) {
		return new TournamentRefusal(HttpStatus.CONFLICT, "board-full", "Board full",
				"Period " + period + " of board \"" + board.id() + "\" has its " + board.competition().maxSize()
						+ " players; nothing was recorded.");
	}

	/** A submission past the player's {@code maxAttempts} in the period. */
	public static TournamentRefusal attemptsExhausted(Board board, String period) {
		Integer cap = board.competition().maxAttempts();
		return new TournamentRefusal(HttpStatus.CONFLICT, "attempts-exhausted", "Attempts exhausted",
				"Board \"" + board.id() + "\" takes " + ((cap != null) ? cap + " submissions" : "no more submissions")
						+ " per player in period " + period + ", and this player has made them; nothing was recorded.");
	}

	/** A join, or a participants list, of a board that players do not join. */
	public static TournamentRefusal joinNotRequired(Board board) {
		return new TournamentRefusal(HttpStatus.CONFLICT, "join-not-required", "Board takes no joins",
				"Board \"" + board.id() + "\" takes scores from every player; it has no joins and no participants.");
	}

}
