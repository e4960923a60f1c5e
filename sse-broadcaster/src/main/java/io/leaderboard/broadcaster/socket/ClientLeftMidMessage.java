package io.leaderboard.broadcaster.socket;

import java.util.function.Supplier;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.PrematureChannelClosureException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.NettyOutbound;
import reactor.netty.NettyPipeline;

import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;

/**
 * A client that drops its connection in the middle of a fragmented message is the
 * client's business. Netty's frame aggregator reports it as an exception, which Reactor
 * Netty logs at ERROR when the socket's operations have already ended (the fuzzer found
 * it). This handler, right after the aggregator, logs it at DEBUG and lets it go no
 * further; the connection's end still ends the socket.
 */
final class ClientLeftMidMessage extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(ClientLeftMidMessage.class);

	private static final String NAME = "leaderboard.clientLeftMidMessage";

	@Override
	public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
		if (cause instanceof PrematureChannelClosureException) {
			logger.debug("A WebSocket client left in the middle of a message: {}", cause.getMessage());
			return;
		}
		context.fireExceptionCaught(cause);
	}

	/**
	 * Upgrades as the given strategy does, then puts the handler after the frame
	 * aggregator, which the session adds once the socket's handler asks to receive.
	 */
	record Upgrades(RequestUpgradeStrategy delegate) implements RequestUpgradeStrategy {

		@Override
		public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
				Supplier<HandshakeInfo> handshakeInfoFactory) {
			Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
			if (!(nativeResponse instanceof NettyOutbound outbound)) {
				return this.delegate.upgrade(exchange, handler, subProtocol, handshakeInfoFactory);
			}
			return this.delegate.upgrade(exchange, (session) -> {
				Mono<Void> handled = handler.handle(session);
				outbound.withConnection((connection) -> followAggregator(connection.channel().pipeline()));
				return handled;
			}, subProtocol, handshakeInfoFactory);
		}

		private static void followAggregator(ChannelPipeline pipeline) {
			if (pipeline.get(NettyPipeline.WsFrameAggregator) != null && pipeline.get(NAME) == null) {
				pipeline.addAfter(NettyPipeline.WsFrameAggregator, NAME, new ClientLeftMidMessage());
			}
		}

	}

}
