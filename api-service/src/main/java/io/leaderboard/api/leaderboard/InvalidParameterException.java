package io.leaderboard.api.leaderboard;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A query parameter that cannot be used as it is. */
public class InvalidParameterException extends ErrorResponseException {

	public InvalidParameterException(String parameter, String problem) {
		super(HttpStatus.BAD_REQUEST);
		getBody().setTitle("Invalid request");
		getBody().setDetail(parameter + " " + problem);
	}

}
