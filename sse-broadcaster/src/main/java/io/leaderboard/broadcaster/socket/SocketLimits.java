package io.leaderboard.broadcaster.socket;

import io.leaderboard.broadcaster.admission.ClientLimits;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

/**
 * Netty refuses a WebSocket frame larger than a command can be before it is buffered, and
 * closes the socket with 1009: a client cannot make the broadcaster hold megabytes.
 * {@code permessage-deflate} is negotiated when the client offers it (RFC 7692): the
 * server then compresses each message per connection, trading CPU and a deflater per
 * socket for bytes on the wire.
 */
@Configuration(proxyBeanMethods = false)
class SocketLimits implements WebFluxConfigurer {

	private final ClientLimits limits;

	SocketLimits(ClientLimits limits) {
		this.limits = limits;
	}

	@Override
	public WebSocketService getWebSocketService() {
		int largest = (int) this.limits.maxMessageSize().toBytes();
		return new SupportedVersionOnly(new ClientLeftMidMessage.Upgrades(
				new ReactorNettyRequestUpgradeStrategy(() -> WebsocketServerSpec.builder()
					.maxFramePayloadLength(largest)
					.compress(true)
					// the frame limit counts compressed bytes: a command cannot inflate
					// past it either
					.maxDecompressionBufferSize(largest))));
	}

}
