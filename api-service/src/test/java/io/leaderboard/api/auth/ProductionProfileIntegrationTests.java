package io.leaderboard.api.auth;

import io.leaderboard.api.support.Http;
import io.leaderboard.api.support.StoresConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the local profile there is no token issuer, and tokens need a real key set. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "leaderboard.tokens.jwk-set-uri=http://127.0.0.1:9/jwks.json")
@Import(StoresConfiguration.class)
class ProductionProfileIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void devTokensDoNotExist() {
		Http http = new Http(this.port);

		Http.Response mint = http.postJson("/dev/tokens", "{\"subject\":\"ops\",\"scopes\":[\"leaderboard:admin\"]}",
				null);

		assertThat(mint.status()).isEqualTo(404);
		assertThat(mint.body()).doesNotContain("accessToken");
		assertThat(http.get("/.well-known/jwks.json").status()).isEqualTo(404);
	}

	@Test
	void scoresStillNeedAToken() {
		assertThat(new Http(this.port).postJson("/scores", "{\"score\": 1}", null).status()).isEqualTo(401);
	}

}
