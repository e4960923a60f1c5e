package io.leaderboard.broadcaster.problem;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a request whose {@code Accept} header does not parse with a 400 problem,
 * written as it is. Left to WebFlux, every answer to it, a refusal's problem detail
 * included, is negotiated against that header: the negotiation fails after the status is
 * set, and the client got a 404 with a problem's content type and no body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class UnreadableAccept implements WebFilter {

	private static final byte[] PROBLEM = ProblemBody.of(400, "Bad Request",
			"The Accept header is not a list of media types (RFC 9110), such as text/event-stream.");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		try {
			exchange.getRequest().getHeaders().getAccept();
			return chain.filter(exchange);
		}
		catch (InvalidMediaTypeException ex) {
			return refuse(exchange.getResponse());
		}
	}

	private static Mono<Void> refuse(ServerHttpResponse response) {
		response.setStatusCode(HttpStatus.BAD_REQUEST);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setContentLength(PROBLEM.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(PROBLEM)));
	}

}
