package io.leaderboard.api.leaderboard;

import java.time.Instant;

import io.leaderboard.api.board.Board;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A query parameter that cannot be used as it is. */
public class InvalidParameterException extends ErrorResponseException {

	public InvalidParameterException(String parameter, String problem) {
		super(HttpStatus.BAD_REQUEST);
		getBody().setTitle("Invalid request");
		getBody().setDetail(parameter + " " + problem);
	}

	/** A period that the board's reset schedule never has. */
	public static InvalidParameterException notAPeriodOf(Board board, String period, Instant now) {
		return new InvalidParameterException("period", "\"" + period + "\" is not a period of board \"" + board.id()
				+ "\" (" + board.resetSchedule().text() + "); its current period is " + board.periodAt(now).id());
	}

}
