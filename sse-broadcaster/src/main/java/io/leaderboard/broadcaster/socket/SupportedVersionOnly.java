package io.leaderboard.broadcaster.socket;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refuses a WebSocket handshake of any version but 13 (RFC 6455, every browser's) with a
 * 426 problem naming the version, before Reactor Netty sees it: its own refusal of an
 * unknown version fails on a null future and is logged at ERROR, and a handshake without
 * a version would be taken for the long-dead draft 00.
 */
class SupportedVersionOnly extends HandshakeWebSocketService {

	private static final String VERSION = "13";

	SupportedVersionOnly(RequestUpgradeStrategy upgradeStrategy) {
		super(upgradeStrategy);
	}

	@Override
	public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		if ("websocket".equalsIgnoreCase(headers.getUpgrade())
				&& !VERSION.equals(headers.getFirst("Sec-WebSocket-Version"))) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UPGRADE_REQUIRED,
					"WebSockets here speak version " + VERSION + ": send Sec-WebSocket-Version: " + VERSION + ".");
			ErrorResponseException refusal = new ErrorResponseException(HttpStatus.UPGRADE_REQUIRED, problem, null);
			refusal.getHeaders().set("Sec-WebSocket-Version", VERSION);
			return Mono.error(refusal);
		}
		return super.handleRequest(exchange, handler);
	}

}
