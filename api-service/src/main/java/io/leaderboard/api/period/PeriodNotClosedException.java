package io.leaderboard.api.period;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The board has no closed period of that id: unknown, still open, or in its grace time.
 */
class PeriodNotClosedException extends ErrorResponseException {

	PeriodNotClosedException(String board, String period) {
		super(HttpStatus.NOT_FOUND);
		getBody().setTitle("Period not closed");
		getBody().setDetail("Board \"" + board + "\" has no closed period \"" + period + "\"; GET /leaderboards/"
				+ board + "/periods lists its periods.");
	}

}
