package io.leaderboard.api.leaderboard;

import io.leaderboard.api.support.ApiWithUnreachableStoreTest;
import io.leaderboard.api.support.Http;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** PostgreSQL is unreachable: a write is refused with 503 and Retry-After. */
@ApiWithUnreachableStoreTest
class PostgresqlDownIntegrationTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.registerRedis(registry);
		registry.add("spring.datasource.url",
				() -> "jdbc:postgresql://127.0.0.1:" + TestInfrastructure.freePort() + "/leaderboard");
		registry.add("spring.flyway.enabled", () -> "false");
	}

	@LocalServerPort
	int port;

	@Test
	void writesAreRefusedWithRetryAfter() {
		Http http = new Http(this.port);

		Response response = http.postJson("/scores", "{\"score\": 1}", http.token("alice", "Alice"));

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.header("Retry-After")).isEqualTo("5");
		assertThat(response.json().get("detail").asString()).contains("nothing was recorded");
	}

}
