package io.leaderboard.api.board;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No board has the id. */
public class BoardNotFoundException extends ErrorResponseException {

	public BoardNotFoundException(String boardId) {
		super(HttpStatus.NOT_FOUND);
		getBody().setTitle("Board not found");
		getBody().setDetail("There is no board \"" + boardId + "\"; GET /leaderboards lists the boards.");
	}

}
