package io.leaderboard.api.docs;

import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Describes the API beyond what the controllers say: the bearer scheme, which operations
 * need it, and the {@code application/problem+json} answers, so a client sees every error
 * it must handle next to each operation.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String BEARER = "bearer-jwt";

	private static final String PROBLEM = "#/components/schemas/Problem";

	@Bean
	OpenAPI leaderboardOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Real-time leaderboard API")
				.version("0.1.0")
				.description("Scores are written to PostgreSQL with their outbox row before the answer; reads come "
						+ "from Redis (Leaderboard-Source: redis) or PostgreSQL when Redis cannot answer. Live updates "
						+ "stream from the sse-broadcaster. Every error is application/problem+json (RFC 9457)."))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("RS256 token with audience 'leaderboard'; the subject is the player. "
									+ "Admin endpoints need the scope 'leaderboard:admin'."))
				.addSchemas("Problem", problemSchema()));
	}

	/** Adds the bearer requirement and the problem answers to every operation. */
	@Bean
	OpenApiCustomizer problemAnswers() {
		return (openApi) -> openApi.getPaths().forEach((path, item) -> {
			for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
				describe(path, entry.getKey(), entry.getValue());
			}
		});
	}

	private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
		boolean admin = path.startsWith("/admin/");
		boolean write = method == PathItem.HttpMethod.POST
				&& (path.endsWith("/scores") || path.endsWith("/join") || path.equals("/stream-tickets"));
		if (admin || write) {
			operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
			problem(operation, "401", "No valid bearer token");
		}
		if (admin) {
			problem(operation, "403", "The token lacks the scope leaderboard:admin");
		}
		problem(operation, "400", "A malformed body, id, parameter or header");
		if (path.contains("{boardId}") || path.contains("{userId}")) {
			problem(operation, "404", "No such board or player");
		}
		if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
			problem(operation, "413", "A body over 4 KiB");
			problem(operation, "415", "A body that is not application/json");
		}
		if (write && path.endsWith("/scores")) {
			problem(operation, "422",
					"A score the board will not take, or an Idempotency-Key reused for another request");
			problem(operation, "403", "A tournament the player has not joined (type …/not-joined)");
			problem(operation, "409", "A tournament outside its window (…/not-open), or the player's attempts used "
					+ "up (…/attempts-exhausted)");
		}
		if (path.endsWith("/join")) {
			problem(operation, "409", "A tournament that is over (…/not-open), full (…/board-full), or takes no "
					+ "joins (…/join-not-required)");
		}
		if (path.startsWith("/admin/leaderboards/{boardId}") && method == PathItem.HttpMethod.PUT) {
			problem(operation, "409", "The sort order of a board that holds scores cannot change");
		}
		problem(operation, "429", "Over the rate limit; see Retry-After and RateLimit-*");
		problem(operation, "503", "A store cannot answer; try again after Retry-After");
	}

	private static void problem(Operation operation, String status, String description) {
		if (operation.getResponses() != null && operation.getResponses().containsKey(status)) {
			return;
		}
		operation.getResponses()
			.addApiResponse(status,
					new ApiResponse().description(description)
						.content(new Content().addMediaType("application/problem+json",
								new MediaType().schema(new Schema<>().$ref(PROBLEM)))));
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema())
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema());
	}

}
