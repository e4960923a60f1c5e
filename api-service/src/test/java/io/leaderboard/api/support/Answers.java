package io.leaderboard.api.support;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares two answers as a client would tell them apart: by status, body and headers.
 */
public final class Answers {

	/**
	 * Differ between any two answers, or only in framing: a body written at once has a
	 * length, a streamed one is chunked.
	 */
	private static final Set<String> PER_ANSWER = Set.of("date", "ratelimit-remaining", "ratelimit-reset",
			"content-length", "transfer-encoding");

	private Answers() {
	}

	/** The headers that any two equal answers share, by lower-case name. */
	public static Map<String, Object> headersOf(HttpResponse<String> response) {
		Map<String, Object> headers = new TreeMap<>();
		response.headers().map().forEach((name, values) -> {
			if (!PER_ANSWER.contains(name.toLowerCase())) {
				headers.put(name.toLowerCase(), values);
			}
		});
		return headers;
	}

}
