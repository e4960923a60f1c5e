package io.leaderboard.api.leaderboard;

import java.util.List;
import java.util.Optional;

import io.leaderboard.events.Boards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerDetails;
import io.leaderboard.events.Rankings;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Reads the projection the projection-worker keeps in Redis. Every read is one round
 * trip: the cached top, or a Lua script that gathers scores and player details together.
 */
@Component
class RedisLeaderboard {

	private static final RedisScript<List> TOP = RedisScript.of(Rankings.TOP_WITH_DETAILS_LUA, List.class);

	/** One player's score, the number of strictly higher scores, and their details. */
	private static final RedisScript<List> PLAYER = RedisScript.of("""
			local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
			if not score then return {} end
			local higher = redis.call('ZCOUNT', KEYS[1], '(' .. score, '+inf')
			return {score, higher, redis.call('HGET', KEYS[2], ARGV[1]) or ''}
			""", List.class);

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	private final LeaderboardKeys keys;

	RedisLeaderboard(StringRedisTemplate redis, EventCodec codec) {
		this.redis = redis;
		this.codec = codec;
		this.keys = LeaderboardKeys.of(Boards.GLOBAL);
	}

	List<LeaderboardEntry> top(int limit) {
		if (limit <= Boards.TOP_SIZE) {
			String cached = this.redis.opsForValue().get(this.keys.top());
			if (cached != null) {
				List<LeaderboardEntry> entries = this.codec.entries(cached);
				return entries.subList(0, Math.min(limit, entries.size()));
			}
		}
		List<?> result = this.redis.execute(TOP, List.of(this.keys.scores(), this.keys.players()),
				Integer.toString(limit));
		return Rankings.fromRedis((List<?>) result.get(0), (List<?>) result.get(1), this.codec);
	}

	Optional<PlayerRank> player(long userId) {
		List<?> result = this.redis.execute(PLAYER, List.of(this.keys.scores(), this.keys.players()),
				Long.toString(userId));
		if (result == null || result.isEmpty()) {
			return Optional.empty();
		}
		PlayerDetails player = Rankings.details(result.get(2), this.codec);
		return Optional.of(new PlayerRank(userId, player.nickName(), Rankings.redisScore(result.get(0)),
				1 + ((Number) result.get(1)).longValue(), player.updatedAt()));
	}

}
