package io.leaderboard.broadcaster.admission;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts the streams (SSE and WebSocket) each client address holds open and refuses one
 * more past {@link ClientLimits#maxConnectionsPerAddress()} with a 429. A stream's count
 * is given back when its exchange ends, however it ends. Only addresses with an open
 * stream are kept, so the map is as large as the connections, never larger.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConnectionsPerAddress implements WebFilter {

	private static final byte[] TOO_MANY = """
			{"type":"about:blank","title":"Too many streams","status":429,\
			"detail":"This address holds as many open streams as it may; close one first."}"""
		.getBytes(StandardCharsets.UTF_8);

	private final Map<String, Integer> open = new ConcurrentHashMap<>();

	private final ClientLimits limits;

	ConnectionsPerAddress(ClientLimits limits) {
		this.limits = limits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (this.limits.maxConnectionsPerAddress() == 0 || !isStream(request.getPath().value())) {
			return chain.filter(exchange);
		}
		String address = address(request);
		if (!admit(address)) {
			return refuse(exchange.getResponse());
		}
		return chain.filter(exchange).doFinally((signal) -> release(address));
	}

	/** The long-lived ones: board and personal streams, and WebSockets. */
	private static boolean isStream(String path) {
		return path.endsWith("/events") || path.equals("/ws");
	}

	private boolean admit(String address) {
		boolean[] admitted = { false };
		this.open.compute(address, (key, count) -> {
			int current = (count != null) ? count : 0;
			admitted[0] = current < this.limits.maxConnectionsPerAddress();
			return admitted[0] ? current + 1 : count;
		});
		return admitted[0];
	}

	private void release(String address) {
		this.open.computeIfPresent(address, (key, count) -> (count > 1) ? count - 1 : null);
	}

	private static String address(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	private static Mono<Void> refuse(ServerHttpResponse response) {
		response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
		response.getHeaders().setContentLength(TOO_MANY.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(TOO_MANY)));
	}

}
