package io.leaderboard.broadcaster.web;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.leaderboard.events.Boards;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the page needs besides the streams, without a second origin: the boards (from the
 * definitions the api-service mirrors into Redis) and where the api-service is, for
 * signing in and for what the streams do not carry (a board's next reset, a followed
 * player's standing and submission history).
 */
@RestController
class WebPageController {

	private final ReactiveStringRedisTemplate redis;

	private final String apiBaseUrl;

	private final JsonMapper json = JsonMapper.builder().build();

	WebPageController(ReactiveStringRedisTemplate redis, @Value("${leaderboard.web.api-base-url}") String apiBaseUrl) {
		this.redis = redis;
		this.apiBaseUrl = apiBaseUrl;
	}

	@GetMapping("/boards")
	Mono<List<JsonNode>> boards() {
		return this.redis.<String, String>opsForHash()
			.values(Boards.DEFINITIONS_KEY)
			.map(this.json::readTree)
			.filter((board) -> board.hasNonNull("id"))
			.sort(Comparator.comparing((JsonNode board) -> !Boards.GLOBAL.equals(board.get("id").asString()))
				.thenComparing((board) -> board.get("id").asString()))
			.collectList()
			.timeout(Duration.ofSeconds(2))
			.onErrorReturn(List.of());
	}

	@GetMapping("/web-config")
	Map<String, String> config() {
		return Map.of("apiBaseUrl", this.apiBaseUrl);
	}

}
