package io.leaderboard.api.leaderboard;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No visible score is recorded for the player on the board and period. */
class PlayerNotFoundException extends ErrorResponseException {

	PlayerNotFoundException(String board, String period, long userId) {
		super(HttpStatus.NOT_FOUND);
		getBody().setTitle("Player not found");
		getBody().setDetail(
				"No score is recorded for player " + userId + " on board \"" + board + "\" in period " + period + ".");
	}

}
