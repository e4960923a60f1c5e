package io.leaderboard.broadcaster.fanout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

/**
 * Open connections by transport ({@code leaderboard.stream.open}) and the delivery
 * latency from a notification being emitted to its frame being handed to a connection
 * ({@code leaderboard.stream.delivery.latency}).
 */
@Component
public class StreamMeters {

	private final AtomicInteger sse = new AtomicInteger();

	private final AtomicInteger websocket = new AtomicInteger();

	private final AtomicInteger personal = new AtomicInteger();

	private final Timer delivery;

	StreamMeters(MeterRegistry meters) {
		gauge(meters, "sse", this.sse);
		gauge(meters, "websocket", this.websocket);
		gauge(meters, "personal", this.personal);
		this.delivery = Timer.builder("leaderboard.stream.delivery.latency")
			.description("From a notification being emitted to its frame being written to a connection")
			.publishPercentileHistogram()
			.register(meters);
	}

	/** Counts a connection open while {@code stream} runs. */
	public <T> Flux<T> sse(Flux<T> stream) {
		return counted(stream, this.sse);
	}

	public <T> Flux<T> websocket(Flux<T> stream) {
		return counted(stream, this.websocket);
	}

	public <T> Flux<T> personal(Flux<T> stream) {
		return counted(stream, this.personal);
	}

	/** Records an update frame handed to one connection. */
	public void delivered(Frame frame) {
		if (frame.notifiedAt() > 0) {
			this.delivery.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - frame.notifiedAt())));
		}
	}

	private static <T> Flux<T> counted(Flux<T> stream, AtomicInteger open) {
		return stream.doOnSubscribe((subscription) -> open.incrementAndGet())
			.doFinally((signal) -> open.decrementAndGet());
	}

	private static void gauge(MeterRegistry meters, String transport, AtomicInteger open) {
		Gauge.builder("leaderboard.stream.open", open, AtomicInteger::get)
			.description("Open spectator connections")
			.tag("transport", transport)
			.register(meters);
	}

}
