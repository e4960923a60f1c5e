package io.leaderboard.broadcaster.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * A problem detail's JSON, for the refusals written below WebFlux's exception handling
 * (by Netty or ahead of content negotiation), shaped as WebFlux writes its own.
 */
final class ProblemBody {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemBody() {
	}

	static byte[] of(int status, String title, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		return JSON.writeValueAsBytes(problem);
	}

}
