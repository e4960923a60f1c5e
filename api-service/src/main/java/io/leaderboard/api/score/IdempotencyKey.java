package io.leaderboard.api.score;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;

/**
 * The {@code Idempotency-Key} a client sends so that it may retry a write safely: 1 to
 * 255 printable ASCII characters, chosen by the client (a UUID, say) and scoped to its
 * token's subject.
 */
record IdempotencyKey(String value) {

	static final String HEADER = "Idempotency-Key";

	private static final Pattern SYNTAX = Pattern.compile("[\\x20-\\x7E]{1,255}");

	/**
	 * The request's key, or null when it sends none.
	 * @throws ScoreRejectedException (400) for an empty, overlong, non-ASCII or repeated
	 * key
	 */
	static IdempotencyKey of(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders(HEADER);
		if (headers == null || !headers.hasMoreElements()) {
			return null;
		}
		List<String> values = Collections.list(headers);
		if (values.size() > 1) {
			throw invalid("send one Idempotency-Key header, not " + values.size());
		}
		String value = values.get(0);
		if (value.isBlank() || !SYNTAX.matcher(value).matches()) {
			throw invalid("Idempotency-Key must be 1 to 255 printable ASCII characters, such as a UUID");
		}
		return new IdempotencyKey(value);
	}

	private static ScoreRejectedException invalid(String detail) {
		return new ScoreRejectedException(HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key", detail);
	}

}
