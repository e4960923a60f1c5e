package io.leaderboard.api.board;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A board definition that cannot be taken as it is. */
class InvalidBoardException extends ErrorResponseException {

	InvalidBoardException(HttpStatus status, String title, String detail) {
		super(status);
		getBody().setTitle(title);
		getBody().setDetail(detail);
	}

	static InvalidBoardException badRequest(String detail) {
		return new InvalidBoardException(HttpStatus.BAD_REQUEST, "Invalid board definition", detail);
	}

}
