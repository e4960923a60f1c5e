package io.leaderboard.broadcaster.fanout;

import reactor.core.publisher.Mono;

/**
 * Redis commands a request waits for, run to their end even when the request is gone.
 * Cancelling a Lettuce command in flight (the client closed its stream or socket, or left
 * a subscription, while the board's lookup was under way) makes Lettuce's tracing end an
 * observation it never started: an IllegalStateException Reactor can only drop, logged at
 * ERROR. The commands are single round trips, so letting one finish costs nothing.
 */
public final class RedisLookups {

	private RedisLookups() {
	}

	/** The command's result; cancelling it leaves the command to finish unobserved. */
	public static <T> Mono<T> toTheEnd(Mono<T> command) {
		return Mono.fromFuture(command::toFuture, true);
	}

}
