package io.leaderboard.api.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

import io.leaderboard.api.ratelimit.RateLimiter.Decision;

/**
 * The {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}
 * headers of the IETF draft "RateLimit header fields for HTTP": the bucket's size, the
 * requests left in it, and the seconds until it is full again.
 */
final class RateLimitHeaders {

	private RateLimitHeaders() {
	}

	static Map<String, String> of(Decision decision) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("RateLimit-Limit", Long.toString(decision.limit()));
		headers.put("RateLimit-Remaining", Long.toString(decision.remaining()));
		headers.put("RateLimit-Reset", Long.toString(decision.resetSeconds()));
		return headers;
	}

}
