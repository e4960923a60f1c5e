package io.leaderboard.api.ratelimit;

import io.leaderboard.api.ratelimit.RateLimiter.Decision;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Over the limit: 429, nothing done, and when to come back. */
class RateLimitedException extends ErrorResponseException {

	RateLimitedException(Decision decision, String detail) {
		super(HttpStatus.TOO_MANY_REQUESTS);
		getBody().setTitle("Too many requests");
		getBody().setDetail(detail + " Retry in " + decision.retryAfterSeconds() + " s; nothing was done.");
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
		RateLimitHeaders.of(decision).forEach((name, value) -> getHeaders().set(name, value));
	}

}
