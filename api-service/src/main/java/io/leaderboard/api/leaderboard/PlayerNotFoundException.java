package io.leaderboard.api.leaderboard;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No score is recorded for the player. */
class PlayerNotFoundException extends ErrorResponseException {

	PlayerNotFoundException(long userId) {
		super(HttpStatus.NOT_FOUND);
		getBody().setTitle("Player not found");
		getBody().setDetail("No score is recorded for player " + userId + ".");
	}

}
