package io.leaderboard.api.docs;

import io.leaderboard.api.support.ApiIntegrationTest;
import io.leaderboard.api.support.Http;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI description and Swagger UI a developer opens first. */
@ApiIntegrationTest
class ApiDocumentationIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void everyEndpointIsDescribedWithItsAuthAndItsProblems() {
		Http http = new Http(this.port);

		Response docs = http.get("/v3/api-docs");

		assertThat(docs.status()).isEqualTo(200);
		JsonNode api = docs.json();
		assertThat(api.get("paths").propertyNames()).contains("/scores", "/leaderboards/{boardId}/scores",
				"/leaderboards", "/leaderboards/{boardId}", "/leaderboards/{boardId}/top",
				"/leaderboards/{boardId}/users/{userId}", "/leaderboards/{boardId}/users/{userId}/around",
				"/leaderboards/{boardId}/users/{userId}/cohort", "/leaderboards/{boardId}/ranks",
				"/leaderboards/{boardId}/stats", "/admin/leaderboards/{boardId}",
				"/admin/leaderboards/{boardId}/hidden/{userId}", "/leaderboard/top", "/leaderboard/{userId}",
				"/stream-tickets", "/leaderboards/{boardId}/periods",
				"/leaderboards/{boardId}/periods/{period}/results", "/leaderboards/{boardId}/users/{userId}/results",
				"/leaderboards/{boardId}/join", "/leaderboards/{boardId}/participants");
		assertThat(api.at("/components/securitySchemes/bearer-jwt/scheme").asString()).isEqualTo("bearer");
		JsonNode submit = api.at("/paths/~1leaderboards~1{boardId}~1scores/post");
		assertThat(submit.get("security").toString()).contains("bearer-jwt");
		assertThat(submit.get("responses").propertyNames()).contains("200", "400", "401", "404", "413", "415", "422",
				"429", "503");
		assertThat(submit.at("/responses/422/content").propertyNames()).containsExactly("application/problem+json");
		JsonNode join = api.at("/paths/~1leaderboards~1{boardId}~1join/post");
		assertThat(join.get("security").toString()).contains("bearer-jwt");
		assertThat(join.get("responses").propertyNames()).contains("200", "401", "404", "409", "429");
		assertThat(api.at("/paths/~1admin~1leaderboards~1{boardId}/put/responses").propertyNames()).contains("403",
				"409");
		assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
	}

}
