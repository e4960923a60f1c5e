package io.leaderboard.api.leaderboard;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A cohort read of a board that splits its players into no cohorts. */
class NoCohortsException extends ErrorResponseException {

	NoCohortsException(String board) {
		super(HttpStatus.NOT_FOUND);
		getBody().setTitle("Board has no cohorts");
		getBody().setDetail("Board \"" + board + "\" ranks all its players together; it has no cohortSize.");
	}

}
