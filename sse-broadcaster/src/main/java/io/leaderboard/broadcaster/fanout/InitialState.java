package io.leaderboard.broadcaster.fanout;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.Boards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardKeys;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Seeds the global hub with the cached top and sequence from Redis, so the first
 * spectator gets a real snapshot before any notification arrives. Retried until it
 * succeeds, as Redis may be away at start.
 */
@Component
class InitialState {

	private static final Logger logger = LoggerFactory.getLogger(InitialState.class);

	private final ReactiveStringRedisTemplate redis;

	private final Hubs hubs;

	private final EventCodec codec;

	private volatile boolean loaded;

	InitialState(ReactiveStringRedisTemplate redis, Hubs hubs, EventCodec codec) {
		this.redis = redis;
		this.hubs = hubs;
		this.codec = codec;
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "PT5S")
	void load() {
		if (this.loaded) {
			return;
		}
		LeaderboardKeys keys = LeaderboardKeys.of(Boards.GLOBAL);
		try {
			// one MGET: both keys share the board's hash tag
			List<String> values = this.redis.opsForValue()
				.multiGet(List.of(keys.top(), keys.sequence()))
				.block(Duration.ofSeconds(2));
			String top = (values != null) ? values.get(0) : null;
			String sequence = (values != null) ? values.get(1) : null;
			this.hubs.board(Boards.GLOBAL)
				.seed((sequence != null) ? Long.parseLong(sequence) : 0,
						(top != null) ? this.codec.entries(top) : List.of());
			this.loaded = true;
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot read the cached top from Redis yet: {}", ex.getMessage());
		}
	}

}
