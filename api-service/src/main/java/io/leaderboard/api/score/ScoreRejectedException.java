package io.leaderboard.api.score;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A well-formed submission that the board will not take; nothing was written. */
class ScoreRejectedException extends ErrorResponseException {

	ScoreRejectedException(HttpStatus status, String title, String detail) {
		super(status);
		getBody().setTitle(title);
		getBody().setDetail(detail);
	}

}
