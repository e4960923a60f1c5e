package io.leaderboard.broadcaster.admission;

import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

/** Every connection gets a {@link RequestHeadDeadline} right after Netty's HTTP codec. */
@Component
class SlowClients implements NettyServerCustomizer {

	private final ClientLimits limits;

	SlowClients(ClientLimits limits) {
		this.limits = limits;
	}

	@Override
	public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline()
					.addAfter(NettyPipeline.HttpCodec, "requestHeadDeadline",
							new RequestHeadDeadline(this.limits.requestHeadTimeout()));
			}
		});
	}

}
