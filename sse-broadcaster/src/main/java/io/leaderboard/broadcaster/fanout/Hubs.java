package io.leaderboard.broadcaster.fanout;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.Boards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The hubs of all boards, created when a board is first followed or notified. A new hub
 * is seeded with the board's cached top and sequence from Redis, so the first spectator
 * gets a real snapshot before any notification arrives. Stops before the web server's
 * graceful shutdown (a higher lifecycle phase), ending every stream so the server is not
 * kept waiting by them.
 */
@Component
public class Hubs implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Hubs.class);

	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

	private final Map<String, Seeded> hubs = new ConcurrentHashMap<>();

	private final ReactiveStringRedisTemplate redis;

	private final EventCodec codec;

	private final StreamProperties properties;

	private final Counter stalled;

	private volatile boolean running;

	private volatile Disposable heartbeats;

	Hubs(ReactiveStringRedisTemplate redis, EventCodec codec, StreamProperties properties, MeterRegistry meters) {
		this.redis = redis;
		this.codec = codec;
		this.properties = properties;
		Gauge
			.builder("leaderboard.stream.connections", this,
					(hubs) -> hubs.hubs.values().stream().mapToInt((seeded) -> seeded.hub().subscriberCount()).sum())
			.description("Open streams (SSE connections and WebSocket board subscriptions)")
			.register(meters);
		this.stalled = meters.counter("leaderboard.stream.stalled");
	}

	/** The board's hub, once seeded (or once seeding has given up). */
	public Mono<BoardHub> board(String board) {
		return seeded(board).ready();
	}

	/** The board's hub at once, for publishing. */
	BoardHub hub(String board) {
		return seeded(board).hub();
	}

	/**
	 * Whether the board exists: the api-service mirrors every definition into Redis. When
	 * Redis cannot tell, the board is assumed to exist rather than refusing spectators.
	 */
	public Mono<Boolean> exists(String board) {
		if (Boards.GLOBAL.equals(board)) {
			return Mono.just(true);
		}
		return RedisLookups.toTheEnd(this.redis.opsForHash().hasKey(Boards.DEFINITIONS_KEY, board))
			.timeout(REDIS_TIMEOUT)
			.onErrorResume((ex) -> {
				logger.warn("Cannot check board {} in Redis, assuming it exists: {}", board, ex.getMessage());
				return Mono.just(true);
			});
	}

	private Seeded seeded(String board) {
		return this.hubs.computeIfAbsent(board, (name) -> {
			BoardHub hub = new BoardHub(name, this.codec, this.properties, Clock.systemUTC(), Schedulers.parallel());
			return new Seeded(hub, seed(hub, name).cache());
		});
	}

	/** The live period first, then that period's cached top with the sequence. */
	private Mono<BoardHub> seed(BoardHub hub, String board) {
		LeaderboardKeys boardKeys = LeaderboardKeys.of(board, Boards.ALL_TIME);
		return this.redis.opsForValue().get(boardKeys.livePeriod()).flatMap((period) -> {
			LeaderboardKeys keys = LeaderboardKeys.of(board, period);
			return this.redis.opsForValue().multiGet(List.of(keys.top(), keys.sequence())).map((values) -> {
				String top = values.get(0);
				String sequence = values.get(1);
				hub.seed((sequence != null) ? Long.parseLong(sequence) : 0, period,
						(top != null) ? this.codec.entries(top) : List.of());
				return hub;
			});
		}).timeout(REDIS_TIMEOUT).onErrorResume((ex) -> {
			logger.warn("Cannot read the cached top of {} from Redis: {}", board, ex.getMessage());
			return Mono.empty();
		}).defaultIfEmpty(hub);
	}

	@Scheduled(fixedDelayString = "PT1S")
	void dropStalled() {
		int dropped = this.hubs.values().stream().mapToInt((seeded) -> seeded.hub().dropStalled()).sum();
		if (dropped > 0) {
			this.stalled.increment(dropped);
			logger.info("Dropped {} stalled connection(s)", dropped);
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.heartbeats = Flux.interval(this.properties.heartbeat())
			.subscribe((tick) -> this.hubs.values().forEach((seeded) -> seeded.hub().heartbeat()));
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.heartbeats != null) {
			this.heartbeats.dispose();
		}
		this.hubs.values().forEach((seeded) -> seeded.hub().completeAll());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private record Seeded(BoardHub hub, Mono<BoardHub> ready) {

	}

}
