package io.leaderboard.api.leaderboard;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A read that only Redis answers (around, ranks, stats) while Redis cannot; top and
 * player reads fall back to PostgreSQL instead.
 */
class RankingsUnavailableException extends ErrorResponseException {

	RankingsUnavailableException(Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, cause);
		getBody().setTitle("Rankings unavailable");
		getBody().setDetail("The ranking store cannot be reached; retry shortly. Top and player reads still answer.");
		getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
	}

}
