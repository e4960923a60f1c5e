package io.leaderboard.broadcaster.problem;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Gives a problem detail body to an error answer that has none. Reactor Netty answers a
 * request it cannot decode (a malformed request line, header or percent-encoding, invalid
 * UTF-8, a request line or headers over the limits) with a bare 400, 414 or 431 (all 400
 * here, as api-service answers them); WebFlux never sees those requests, so its problem
 * details cannot answer them. An answer to {@code HEAD} gets the headers alone, as HTTP
 * wants.
 */
final class BareErrorsAsProblems extends ChannelDuplexHandler {

	private boolean head;

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if (message instanceof HttpRequest request) {
			this.head = HttpMethod.HEAD.equals(request.method());
		}
		context.fireChannelRead(message);
	}

	@Override
	public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
		if (message instanceof FullHttpResponse response && isBare(response)) {
			HttpResponseStatus status = tooLarge(response.status()) ? HttpResponseStatus.BAD_REQUEST
					: response.status();
			byte[] body = ProblemBody.of(status.code(), status.reasonPhrase(), detail(response.status()));
			FullHttpResponse problem = response
				.replace(this.head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body))
				.setStatus(status);
			response.release();
			problem.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
			context.write(problem, promise);
			return;
		}
		context.write(message, promise);
	}

	private static boolean isBare(FullHttpResponse response) {
		return response.status().code() >= 400 && !response.content().isReadable()
				&& !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
	}

	/**
	 * A request line or headers over Netty's limits: a malformed request like any other
	 * (400), as api-service answers it.
	 */
	private static boolean tooLarge(HttpResponseStatus status) {
		return status.code() == 414 || status.code() == 431;
	}

	private static String detail(HttpResponseStatus status) {
		return switch (status.code()) {
			case 400 -> "The request is not well-formed HTTP/1.1: its request line, a header or its "
					+ "percent-encoding could not be read (bytes beyond ASCII must be valid UTF-8, percent-encoded).";
			case 413 -> "The request is larger than this server accepts.";
			case 414 -> "The request line is longer than this server accepts.";
			case 431 -> "The request's headers are larger than this server accepts.";
			default -> status.reasonPhrase();
		};
	}

}
