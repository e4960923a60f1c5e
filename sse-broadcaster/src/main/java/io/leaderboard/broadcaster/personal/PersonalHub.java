package io.leaderboard.broadcaster.personal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.leaderboard.broadcaster.fanout.NotificationObserver;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.PlayerRankChanged;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The open personal streams, by player. An event is serialised once and handed only to
 * the streams of the player it is about.
 */
@Component
class PersonalHub implements SmartLifecycle, NotificationObserver {

	/** Messages kept for a client that does not read; the oldest go first. */
	private static final int BUFFER = 32;

	private final Map<Long, Set<FluxSink<String>>> streams = new ConcurrentHashMap<>();

	private final EventCodec codec;

	private volatile boolean running;

	PersonalHub(EventCodec codec) {
		this.codec = codec;
	}

	Flux<String> subscribe(long userId) {
		return Flux.<String>create((sink) -> {
			this.streams.computeIfAbsent(userId, (id) -> ConcurrentHashMap.newKeySet()).add(sink);
			sink.onDispose(() -> this.streams.computeIfPresent(userId, (id, open) -> {
				open.remove(sink);
				return open.isEmpty() ? null : open;
			}));
		}).onBackpressureBuffer(BUFFER, BufferOverflowStrategy.DROP_OLDEST);
	}

	/** Whether this instance holds a personal stream of the player. */
	boolean watches(long userId) {
		return this.streams.containsKey(userId);
	}

	/** The players this instance holds a personal stream of. */
	Set<Long> watchedPlayers() {
		return Set.copyOf(this.streams.keySet());
	}

	void publish(PlayerRankChanged changed) {
		send(PersonalEvents.of(changed));
	}

	@Override
	public void notified(LeaderboardChanged changed) {
		PersonalEvents.of(changed).forEach(this::send);
	}

	private void send(PersonalEvent event) {
		Set<FluxSink<String>> open = this.streams.get(event.userId());
		if (open == null || open.isEmpty()) {
			return;
		}
		String data = this.codec.toJson(event);
		for (FluxSink<String> sink : open) {
			sink.next(data);
		}
	}

	int streamCount() {
		return this.streams.values().stream().mapToInt(Set::size).sum();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		List<FluxSink<String>> open = new ArrayList<>();
		this.streams.values().forEach(open::addAll);
		this.streams.clear();
		open.forEach(FluxSink::complete);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
