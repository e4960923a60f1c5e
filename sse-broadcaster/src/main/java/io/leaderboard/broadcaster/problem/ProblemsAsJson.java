package io.leaderboard.broadcaster.problem;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * WebFlux's problem details (in place of Spring Boot's), always as
 * {@code application/problem+json}. Negotiated by the request's {@code Accept}, a 404 to
 * a client asking for {@code text/event-stream} became an event stream carrying the
 * problem as an event, which no client reads as a refusal.
 */
@ControllerAdvice
class ProblemsAsJson extends ResponseEntityExceptionHandler {

	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(@Nullable Object body, @Nullable HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		if (!(body instanceof ProblemDetail)) {
			return super.createResponseEntity(body, headers, status, exchange);
		}
		HttpHeaders problemHeaders = new HttpHeaders();
		if (headers != null) {
			problemHeaders.putAll(headers);
		}
		problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return super.createResponseEntity(body, problemHeaders, status, exchange);
	}

}
