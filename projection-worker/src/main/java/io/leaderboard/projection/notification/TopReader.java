package io.leaderboard.projection.notification;

import java.util.List;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.SortOrder;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Reads a board's top with player details in one round trip, ranked by {@link Rankings}.
 */
@Component
public class TopReader {

	/** The top and the generation it belongs to, read together. */
	private static final RedisScript<List> TOP = RedisScript.of("local top = (function()\n"
			+ Rankings.TOP_WITH_DETAILS_LUA + "end)()\nreturn {top[1], top[2], redis.call('GET', KEYS[3]) or '0'}\n",
			List.class);

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	TopReader(StringRedisTemplate redis, EventCodec codec) {
		this.redis = redis;
		this.codec = codec;
	}

	public Top top(String board, String period, SortOrder order, int size) {
		LeaderboardKeys keys = LeaderboardKeys.of(board, period);
		List<?> result = this.redis.execute(TOP, List.of(keys.scores(), keys.players(), keys.generation()),
				Integer.toString(size));
		return new Top(Rankings.fromRedis((List<?>) result.get(0), (List<?>) result.get(1), order, this.codec),
				Long.parseLong(result.get(2).toString()));
	}

	/**
	 * A board's top as it was at one generation.
	 *
	 * @param entries the ranked entries
	 * @param generation the board's generation when they were read
	 */
	public record Top(List<LeaderboardEntry> entries, long generation) {

	}

}
