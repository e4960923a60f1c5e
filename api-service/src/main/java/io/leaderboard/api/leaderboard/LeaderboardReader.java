package io.leaderboard.api.leaderboard;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.LeaderboardEntry;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/** Answers from Redis, and from PostgreSQL when Redis cannot answer or lacks a player. */
@Service
class LeaderboardReader {

	private static final Logger logger = LoggerFactory.getLogger(LeaderboardReader.class);

	private final RedisLeaderboard redis;

	private final PostgresLeaderboard postgres;

	LeaderboardReader(RedisLeaderboard redis, PostgresLeaderboard postgres) {
		this.redis = redis;
		this.postgres = postgres;
	}

	Sourced<List<LeaderboardEntry>> top(int limit) {
		return fromRedis(() -> this.redis.top(limit)).map((top) -> new Sourced<>(top, Source.REDIS))
			.orElseGet(() -> new Sourced<>(this.postgres.top(limit), Source.POSTGRESQL));
	}

	Optional<Sourced<PlayerRank>> player(long userId) {
		// a player missing from Redis may have a score that is not projected yet
		Optional<PlayerRank> projected = fromRedis(() -> this.redis.player(userId)).flatMap((found) -> found);
		if (projected.isPresent()) {
			return projected.map((rank) -> new Sourced<>(rank, Source.REDIS));
		}
		return this.postgres.player(userId).map((rank) -> new Sourced<>(rank, Source.POSTGRESQL));
	}

	private static <T> Optional<T> fromRedis(Supplier<T> read) {
		try {
			return Optional.of(read.get());
		}
		catch (DataAccessException ex) {
			logger.warn("Redis cannot answer, reading PostgreSQL: {}", ex.getMessage());
			return Optional.empty();
		}
	}

}
