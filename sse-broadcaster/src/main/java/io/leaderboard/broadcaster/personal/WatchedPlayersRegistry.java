package io.leaderboard.broadcaster.personal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.leaderboard.events.LeaderboardKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tells the projector which players have a personal stream open on this instance (the
 * {@link LeaderboardKeys#watchedPlayers() watched-players} set), so it sends a rank
 * change only for them. A registration vouches for a stream for {@link #VOUCH}; open
 * streams are vouched for again well before that, and a closed one simply runs out, as
 * another instance may still hold a stream of the same player.
 */
@Component
class WatchedPlayersRegistry {

	static final Duration VOUCH = Duration.ofSeconds(60);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final Logger logger = LoggerFactory.getLogger(WatchedPlayersRegistry.class);

	private final ReactiveStringRedisTemplate redis;

	private final PersonalHub hub;

	WatchedPlayersRegistry(ReactiveStringRedisTemplate redis, PersonalHub hub) {
		this.redis = redis;
		this.hub = hub;
	}

	/**
	 * Registers a player before their stream is answered, so the rank of any score they
	 * submit after they see the stream open reaches it. A failure only costs those rank
	 * events until the next refresh; the stream opens anyway.
	 */
	Mono<Void> watch(long userId) {
		return this.redis.opsForZSet()
			.add(LeaderboardKeys.watchedPlayers(), Long.toString(userId), vouchedUntil())
			.timeout(TIMEOUT)
			.doOnError((ex) -> logger.warn("Personal stream of player {} not registered: {}", userId, ex.getMessage()))
			.onErrorComplete()
			.then();
	}

	@Scheduled(fixedDelayString = "PT20S", initialDelayString = "PT20S")
	void vouchForOpenStreams() {
		Set<Long> watched = this.hub.watchedPlayers();
		double until = vouchedUntil();
		List<TypedTuple<String>> entries = watched.stream()
			.map((userId) -> TypedTuple.of(Long.toString(userId), until))
			.toList();
		Mono<Long> added = entries.isEmpty() ? Mono.just(0L)
				: this.redis.opsForZSet().addAll(LeaderboardKeys.watchedPlayers(), entries);
		added
			.then(this.redis.opsForZSet()
				.removeRangeByScore(LeaderboardKeys.watchedPlayers(),
						Range.rightOpen(Double.NEGATIVE_INFINITY, (double) Instant.now().toEpochMilli())))
			.timeout(TIMEOUT)
			.doOnError((ex) -> logger.warn("Open personal streams not vouched for: {}", ex.getMessage()))
			.onErrorComplete()
			.block();
	}

	private static double vouchedUntil() {
		return Instant.now().plus(VOUCH).toEpochMilli();
	}

}
