package io.leaderboard.projection.projection;

import java.util.List;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Rankings;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Reads a board's top with player details in one round trip, ranked by {@link Rankings}.
 */
@Component
public class TopReader {

	private static final RedisScript<List> TOP = RedisScript.of(Rankings.TOP_WITH_DETAILS_LUA, List.class);

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	TopReader(StringRedisTemplate redis, EventCodec codec) {
		this.redis = redis;
		this.codec = codec;
	}

	public List<LeaderboardEntry> top(String board, int size) {
		LeaderboardKeys keys = LeaderboardKeys.of(board);
		List<?> result = this.redis.execute(TOP, List.of(keys.scores(), keys.players()), Integer.toString(size));
		return Rankings.fromRedis((List<?>) result.get(0), (List<?>) result.get(1), this.codec);
	}

}
