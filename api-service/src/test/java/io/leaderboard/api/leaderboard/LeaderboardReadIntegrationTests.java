package io.leaderboard.api.leaderboard;

import java.time.Instant;
import java.util.List;

import io.leaderboard.api.support.ApiIntegrationTest;
import io.leaderboard.api.support.Http;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.api.support.Infrastructure;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerDetails;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@ApiIntegrationTest
class LeaderboardReadIntegrationTests {

	private static final LeaderboardKeys KEYS = LeaderboardKeys.of("global");

	private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		Infrastructure.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StringRedisTemplate redis;

	final EventCodec codec = new EventCodec();

	Http http;

	@BeforeEach
	void cleanSlate() {
		Infrastructure.reset(this.jdbc, this.redis);
		this.http = new Http(this.port);
	}

	@Test
	void topComesFromTheCachedTopWhenItHasEnoughEntries() {
		this.redis.opsForValue()
			.set(KEYS.top(), this.codec.toJson(
					List.of(new LeaderboardEntry(1, 7, "Alice", 500, AT), new LeaderboardEntry(2, 8, "Bob", 400, AT))));

		Response response = this.http.get("/leaderboard/top?limit=1");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Leaderboard-Source")).isEqualTo("redis");
		assertThat(response.json()).hasSize(1);
		assertThat(response.json().get(0).get("nickName").asString()).isEqualTo("Alice");
	}

	@Test
	void topBeyondTheCacheIsReadFromTheSortedSetWithSharedRanksForTies() {
		project(1, "Ann", 300);
		project(2, "Ben", 200);
		project(3, "Cat", 200);
		project(4, "Dan", 100);

		JsonNode top = this.http.get("/leaderboard/top?limit=20").json();

		assertThat(top).hasSize(4);
		assertThat(ranks(top)).containsExactly(1L, 2L, 2L, 4L);
		assertThat(top.get(0).get("nickName").asString()).isEqualTo("Ann");
		assertThat(top.get(3).get("score").asLong()).isEqualTo(100);
		assertThat(top.get(0).get("updatedAt").asString()).isEqualTo("2026-11-22T10:00:00Z");
	}

	@Test
	void playerRankCountsStrictlyHigherScores() {
		project(1, "Ann", 300);
		project(2, "Ben", 200);
		project(3, "Cat", 200);

		Response response = this.http.get("/leaderboard/3");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("userId").asLong()).isEqualTo(3);
		assertThat(response.json().get("nickName").asString()).isEqualTo("Cat");
		assertThat(response.json().get("score").asLong()).isEqualTo(200);
		assertThat(response.json().get("rank").asLong()).isEqualTo(2);
	}

	@Test
	void aPlayerNotProjectedYetIsAnsweredFromPostgresql() {
		String token = this.http.token("alice", "Alice");
		this.http.postJson("/scores", "{\"score\": 42}", token);

		Response response = this.http.get("/leaderboard/1");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Leaderboard-Source")).isEqualTo("postgresql");
		assertThat(response.json().get("score").asLong()).isEqualTo(42);
		assertThat(response.json().get("rank").asLong()).isEqualTo(1);
	}

	@Test
	void unknownPlayersAndBadParametersAreProblems() {
		assertThat(this.http.get("/leaderboard/999")).satisfies((response) -> {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
		});
		for (String path : List.of("/leaderboard/abc", "/leaderboard/0", "/leaderboard/-1", "/leaderboard/top?limit=0",
				"/leaderboard/top?limit=101", "/leaderboard/top?limit=ten")) {
			Response response = this.http.get(path);
			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.contentType()).as(path).isEqualTo("application/problem+json");
		}
	}

	private void project(long userId, String nickName, long score) {
		this.redis.opsForZSet().add(KEYS.scores(), Long.toString(userId), score);
		this.redis.opsForHash()
			.put(KEYS.players(), Long.toString(userId), this.codec.toJson(new PlayerDetails(nickName, AT)));
	}

	private static List<Long> ranks(JsonNode entries) {
		List<Long> ranks = new java.util.ArrayList<>();
		entries.forEach((entry) -> ranks.add(entry.get("rank").asLong()));
		return ranks;
	}

}
