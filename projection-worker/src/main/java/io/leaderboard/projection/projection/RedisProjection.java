package io.leaderboard.projection.projection;

import java.util.ArrayList;
import java.util.List;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerDetails;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.projection.notification.TopReader;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Applies a batch of one board's events in one Lua call: one round trip, and each version
 * check is atomic with its write. The same call returns the board's new top with player
 * details, which the notifier needs next.
 */
@Component
public class RedisProjection {

	/**
	 * KEYS: scores, players, versions, generation. ARGV: top size, then per event user
	 * id, score, version, details JSON. Returns the applied flags, what
	 * {@link Rankings#TOP_WITH_DETAILS_LUA} returns for the board afterwards, and the
	 * board's generation that top belongs to.
	 */
	private static final RedisScript<List> APPLY = RedisScript.of("""
			local applied = {}
			local changed = false
			for i = 2, #ARGV, 4 do
			  local user, score, version = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
			  local current = redis.call('HGET', KEYS[3], user)
			  if current and tonumber(current) >= version then
			    applied[#applied + 1] = 0
			  else
			    redis.call('ZADD', KEYS[1], score, user)
			    redis.call('HSET', KEYS[3], user, version)
			    redis.call('HSET', KEYS[2], user, ARGV[i + 3])
			    applied[#applied + 1] = 1
			    changed = true
			  end
			end
			local generation = tonumber(redis.call('GET', KEYS[4]) or '0')
			if changed then generation = redis.call('INCR', KEYS[4]) end
			local top = (function()
			""" + Rankings.TOP_WITH_DETAILS_LUA + """
			end)()
			return {applied, top[1], top[2], generation}
			""", List.class);

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	RedisProjection(StringRedisTemplate redis, EventCodec codec) {
		this.redis = redis;
		this.codec = codec;
	}

	/**
	 * Applies events of one board, in order.
	 * @return which events changed the board, and the board's top afterwards
	 */
	public Applied apply(String board, List<ScoreChanged> events, int topSize) {
		LeaderboardKeys keys = LeaderboardKeys.of(board);
		List<String> args = new ArrayList<>(1 + 4 * events.size());
		args.add(Integer.toString(topSize));
		for (ScoreChanged event : events) {
			args.add(Long.toString(event.userId()));
			args.add(Long.toString(event.score()));
			args.add(Long.toString(event.version()));
			args.add(this.codec.toJson(new PlayerDetails(event.nickName(), event.occurredAt())));
		}
		List<?> result = this.redis.execute(APPLY,
				List.of(keys.scores(), keys.players(), keys.versions(), keys.generation()), args.toArray());
		List<Boolean> applied = ((List<?>) result.get(0)).stream()
			.map((flag) -> ((Number) flag).intValue() == 1)
			.toList();
		return new Applied(applied,
				new TopReader.Top(Rankings.fromRedis((List<?>) result.get(1), (List<?>) result.get(2), this.codec),
						((Number) result.get(3)).longValue()));
	}

	/** What one batch did: a flag per event, and the top afterwards. */
	public record Applied(List<Boolean> applied, TopReader.Top top) {

		public long count() {
			return this.applied.stream().filter(Boolean::booleanValue).count();
		}

	}

}
