package io.leaderboard.projection;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.leaderboard.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projector's operations (rebuild, reconciliation, dead letters) need a token with
 * the {@code leaderboard:admin} scope; probes and Prometheus need none.
 */
@ProjectionIntegrationTest
class OperationsAccessIntegrationTests {

	private static final List<String> GETS = List.of("/actuator/reconciliation", "/actuator/deadletters");

	private static final List<String> POSTS = List.of("/actuator/rebuild", "/actuator/rebuild/global",
			"/actuator/reconciliation", "/actuator/deadletters");

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		Scores.register(registry);
	}

	@Test
	void withoutATokenEveryOperationIsUnauthorizedProblem() throws Exception {
		for (HttpResponse<String> response : everyOperation(null)) {
			assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
		}
	}

	@Test
	void aForgedTokenIsUnauthorized() throws Exception {
		String admin = TestTokens.admin("ops");
		String forged = admin.substring(0, admin.lastIndexOf('.') + 1) + "AAAA";

		assertThat(get("/actuator/reconciliation", forged).statusCode()).isEqualTo(401);
	}

	@Test
	void aPlayersTokenIsForbiddenProblem() throws Exception {
		for (HttpResponse<String> response : everyOperation(TestTokens.player("alice"))) {
			assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(403);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("leaderboard:admin");
		}
	}

	@Test
	void anAdminTokenRunsThem() throws Exception {
		String admin = TestTokens.admin("ops");

		assertThat(get("/actuator/reconciliation", admin).body()).contains("\"drift\"");
		assertThat(get("/actuator/deadletters", admin).statusCode()).isEqualTo(200);
		HttpResponse<String> rebuild = post("/actuator/rebuild/global", admin);
		assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(200);
		assertThat(rebuild.body()).contains("\"rebuilt\"");
	}

	@Test
	void probesAndPrometheusAreOpen() throws Exception {
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/info",
				"/actuator/prometheus")) {
			assertThat(get(path, null).statusCode()).as(path).isEqualTo(200);
		}
	}

	private List<HttpResponse<String>> everyOperation(String token) throws Exception {
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (String path : GETS) {
			responses.add(get(path, token));
		}
		for (String path : POSTS) {
			responses.add(post(path, token));
		}
		return responses;
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		return send(request(path, token).GET());
	}

	private HttpResponse<String> post(String path, String token) throws Exception {
		return send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()));
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
