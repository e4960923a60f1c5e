package io.leaderboard.api.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link ApiIntegrationTest} with a clean slate per test and the helpers most tests
 * use: HTTP, an admin token, boards, and a stand-in projection.
 */

@ApiIntegrationTest
public abstract class ApiTestBase {

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected StringRedisTemplate redis;

	@Autowired
	protected BoardCatalog catalog;

	@Autowired
	protected TestClock clock;

	protected Http http;

	protected Projection projection;

	private String adminToken;

	@BeforeEach
	void cleanSlate() {
		Infrastructure.reset(this.jdbc, this.redis, this.catalog);
		this.http = new Http(this.port);
		this.projection = new Projection(this.jdbc, this.redis);
	}

	@AfterEach
	void systemTime() {
		this.clock.reset();
	}

	protected String admin() {
		if (this.adminToken == null) {
			this.adminToken = this.http.adminToken();
		}
		return this.adminToken;
	}

	protected Response defineBoard(String id, String definition) {
		Response response = this.http.putJson("/admin/leaderboards/" + id, definition, admin());
		assertThat(response.status()).as(response.body()).isIn(200, 201);
		return response;
	}

	/**
	 * The board hostile requests aim at: {@code arena} ({@code desc}, {@code increment},
	 * scores up to 1000), where alice scored 10 under the {@code Idempotency-Key}
	 * {@code used-key}, projected into Redis.
	 * @return alice's token
	 */
	protected String arenaWhereAliceScored() {
		defineBoard("arena", "{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"maxScore\":1000}");
		String alice = this.http.token("alice", "Alice");
		Response response = this.http.postJson("/leaderboards/arena/scores",
				"{\"score\": 10, \"metadata\": {\"level\": 1}}", alice, Map.of("Idempotency-Key", "used-key"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		this.projection.sync();
		return alice;
	}

	protected Response submit(String board, String player, long score) {
		return submit(board, player, "{\"score\": " + score + "}");
	}

	protected Response submit(String board, String player, String body) {
		Response response = this.http.postJson("/leaderboards/" + board + "/scores", body,
				this.http.token(player, player));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response;
	}

	protected static List<String> names(JsonNode entries) {
		List<String> names = new ArrayList<>();
		entries.forEach((entry) -> names.add(entry.get("nickName").asString()));
		return names;
	}

	protected static List<Long> ranks(JsonNode entries) {
		List<Long> ranks = new ArrayList<>();
		entries.forEach((entry) -> ranks.add(entry.get("rank").asLong()));
		return ranks;
	}

}
