package io.leaderboard.broadcaster.fanout;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.leaderboard.events.EventCodec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The hubs of all boards. Stops before the web server's graceful shutdown (a higher
 * lifecycle phase), ending every stream so the server is not kept waiting by them.
 */
@Component
public class Hubs implements SmartLifecycle {

	private final Map<String, BoardHub> hubs = new ConcurrentHashMap<>();

	private final EventCodec codec;

	private final StreamProperties properties;

	private volatile boolean running;

	Hubs(EventCodec codec, StreamProperties properties, MeterRegistry meters) {
		this.codec = codec;
		this.properties = properties;
		Gauge
			.builder("leaderboard.stream.connections", this,
					(hubs) -> hubs.hubs.values().stream().mapToInt(BoardHub::subscriberCount).sum())
			.description("Open SSE connections")
			.register(meters);
	}

	public BoardHub board(String board) {
		return this.hubs.computeIfAbsent(board,
				(name) -> new BoardHub(name, this.codec, this.properties, Clock.systemUTC()));
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.hubs.values().forEach(BoardHub::completeAll);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
