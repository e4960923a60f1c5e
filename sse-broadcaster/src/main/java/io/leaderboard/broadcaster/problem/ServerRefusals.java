package io.leaderboard.broadcaster.problem;

import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

/**
 * Every connection gets {@link BareErrorsAsProblems} right after Netty's HTTP codec, so
 * it sees every answer: Reactor Netty's own, Netty's WebSocket handshake's and WebFlux's.
 */
@Component
class ServerRefusals implements NettyServerCustomizer {

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline()
					.addAfter(NettyPipeline.HttpCodec, "bareErrorsAsProblems", new BareErrorsAsProblems());
			}
		});
	}

}
