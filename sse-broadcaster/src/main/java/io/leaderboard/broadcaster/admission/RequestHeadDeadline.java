package io.leaderboard.broadcaster.admission;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Closes a connection whose request head (line and headers) has not fully arrived within
 * the deadline, counted from the connection's start and again from the end of each
 * response. Netty's idle timeout is reset by every byte, so a client sending its headers
 * a byte at a time (slow loris) would hold its connection for ever; this bounds it. Once
 * a request's head is in, a stream may last as long as it likes.
 */
final class RequestHeadDeadline extends ChannelDuplexHandler {

	private final Duration deadline;

	private ScheduledFuture<?> pending;

	private boolean upgraded;

	RequestHeadDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext context) {
		arm(context);
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if (message instanceof HttpRequest) {
			cancel();
		}
		context.fireChannelRead(message);
	}

	@Override
	public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
		if (message instanceof HttpResponse response
				&& response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
			// a WebSocket from here on: no more request heads, and no deadline
			this.upgraded = true;
		}
		if (message instanceof LastHttpContent && !this.upgraded) {
			// the response is complete: the next request's head is due within the
			// deadline
			promise = promise.unvoid();
			promise.addListener((written) -> arm(context));
		}
		context.write(message, promise);
	}

	@Override
	public void channelInactive(ChannelHandlerContext context) {
		cancel();
		context.fireChannelInactive();
	}

	private void arm(ChannelHandlerContext context) {
		cancel();
		this.pending = context.executor()
			.schedule(() -> context.channel().close(), this.deadline.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void cancel() {
		if (this.pending != null) {
			this.pending.cancel(false);
			this.pending = null;
		}
	}

}
