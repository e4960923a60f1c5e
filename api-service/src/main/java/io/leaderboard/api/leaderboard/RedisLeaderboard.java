package io.leaderboard.api.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerDetails;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Reads the projection the projection-worker keeps in Redis. Every read is one round
 * trip: the cached top, or a Lua script that gathers scores and player details together.
 */
@Component
class RedisLeaderboard {

	/** The top N scores and the details of those players. */
	private static final RedisScript<List> TOP = RedisScript.of("""
			local z = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
			local ids = {}
			for i = 1, #z, 2 do ids[#ids + 1] = z[i] end
			local details = {}
			if #ids > 0 then details = redis.call('HMGET', KEYS[2], unpack(ids)) end
			return {z, details}
			""", List.class);

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
		this.keys = LeaderboardKeys.of(io.leaderboard.events.Boards.GLOBAL);
	}

	List<LeaderboardEntry> top(int limit) {
		if (limit <= io.leaderboard.events.Boards.TOP_SIZE) {
			String cached = this.redis.opsForValue().get(this.keys.top());
			if (cached != null) {
				List<LeaderboardEntry> entries = this.codec.entries(cached);
				return entries.subList(0, Math.min(limit, entries.size()));
			}
		}
		List<?> result = this.redis.execute(TOP, List.of(this.keys.scores(), this.keys.players()),
				Integer.toString(limit));
		List<?> scores = (List<?>) result.get(0);
		List<?> details = (List<?>) result.get(1);
		List<ScoredPlayer> players = new ArrayList<>(details.size());
		for (int i = 0; i < details.size(); i++) {
			long userId = Long.parseLong((String) scores.get(2 * i));
			PlayerDetails player = details(details.get(i));
			players.add(new ScoredPlayer(userId, player.nickName(), score(scores.get(2 * i + 1)), player.updatedAt()));
		}
		return Ranking.fromTop(players);
	}

	Optional<PlayerRank> player(long userId) {
		List<?> result = this.redis.execute(PLAYER, List.of(this.keys.scores(), this.keys.players()),
				Long.toString(userId));
		if (result == null || result.isEmpty()) {
			return Optional.empty();
		}
		PlayerDetails player = details(result.get(2));
		return Optional.of(new PlayerRank(userId, player.nickName(), score(result.get(0)),
				1 + ((Number) result.get(1)).longValue(), player.updatedAt()));
	}

	private PlayerDetails details(Object json) {
		// a member without details can only be mid-rebuild; show it rather than fail the
		// page
		return (json instanceof String text && !text.isEmpty()) ? this.codec.playerDetails(text)
				: new PlayerDetails("", null);
	}

	/**
	 * Redis prints doubles in their shortest form ("1e+15"); every score fits a double
	 * exactly.
	 */
	static long score(Object value) {
		return (long) Double.parseDouble(value.toString());
	}

}
