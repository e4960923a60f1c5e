package io.leaderboard.projection.projection;

import java.util.ArrayList;
import java.util.List;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerDetails;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.events.SortOrder;
import io.leaderboard.projection.notification.TopReader;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Applies a batch of one board period's events in one Lua call: one round trip, and each
 * version check is atomic with its write. The same call returns the period's new top with
 * player details, which the notifier needs next.
 */
@Component
public class RedisProjection {

	/**
	 * KEYS: scores, hidden scores, members, players, versions, generation, hidden set,
	 * periods set. ARGV: top size, period, then per event user id, stored score, member,
	 * version, details JSON. An entry moves to its new member (the time it reached its
	 * score), in the hidden ZSET when a moderator hid the player. Returns the applied
	 * flags, what {@link Rankings#TOP_WITH_DETAILS_LUA} returns afterwards, and the
	 * generation that top belongs to, and per event the player's rank afterwards (0 when
	 * not applied): 1 + the visible players with a strictly better score.
	 */
	private static final RedisScript<List> APPLY = RedisScript.of("""
			local applied = {}
			local ranks = {}
			local changed = false
			for i = 3, #ARGV, 5 do
			  local user, stored, member, version = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
			  local current = redis.call('HGET', KEYS[5], user)
			  if current and tonumber(current) >= version then
			    applied[#applied + 1] = 0
			    ranks[#ranks + 1] = 0
			  else
			    local old = redis.call('HGET', KEYS[3], user)
			    if old then
			      redis.call('ZREM', KEYS[1], old)
			      redis.call('ZREM', KEYS[2], old)
			    end
			    local target = KEYS[1]
			    if redis.call('SISMEMBER', KEYS[7], user) == 1 then target = KEYS[2] end
			    redis.call('ZADD', target, stored, member)
			    redis.call('HSET', KEYS[3], user, member)
			    redis.call('HSET', KEYS[5], user, version)
			    redis.call('HSET', KEYS[4], user, ARGV[i + 4])
			    applied[#applied + 1] = 1
			    ranks[#ranks + 1] = 1 + redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. stored)
			    changed = true
			  end
			end
			local generation = tonumber(redis.call('GET', KEYS[6]) or '0')
			if changed then
			  generation = redis.call('INCR', KEYS[6])
			  redis.call('SADD', KEYS[8], ARGV[2])
			end
			local top = (function()
			  local KEYS = {KEYS[1], KEYS[4]}
			""" + Rankings.TOP_WITH_DETAILS_LUA + """
			end)()
			return {applied, top[1], top[2], generation, ranks}
			""", List.class);

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	RedisProjection(StringRedisTemplate redis, EventCodec codec) {
		this.redis = redis;
		this.codec = codec;
	}

	/**
	 * Applies events of one board period, in order.
	 * @return which events changed the board, and the period's top afterwards
	 */
	public Applied apply(String board, String period, SortOrder order, List<ScoreChanged> events, int topSize) {
		LeaderboardKeys keys = LeaderboardKeys.of(board, period);
		List<String> args = new ArrayList<>(2 + 5 * events.size());
		args.add(Integer.toString(topSize));
		args.add(period);
		for (ScoreChanged event : events) {
			args.add(Long.toString(event.userId()));
			args.add(Long.toString(order.stored(event.score())));
			args.add(Rankings.member(event.reachedAt(), event.userId()));
			args.add(Long.toString(event.version()));
			args.add(this.codec
				.toJson(new PlayerDetails(event.nickName(), event.updatedAt(), event.gamesPlayed(), event.metadata())));
		}
		List<?> result = this.redis.execute(APPLY, List.of(keys.scores(), keys.hiddenScores(), keys.members(),
				keys.players(), keys.versions(), keys.generation(), keys.hidden(), keys.periods()), args.toArray());
		List<Boolean> applied = ((List<?>) result.get(0)).stream()
			.map((flag) -> ((Number) flag).intValue() == 1)
			.toList();
		List<Long> ranks = ((List<?>) result.get(4)).stream().map((rank) -> ((Number) rank).longValue()).toList();
		return new Applied(applied,
				new TopReader.Top(
						Rankings.fromRedis((List<?>) result.get(1), (List<?>) result.get(2), order, this.codec),
						((Number) result.get(3)).longValue()),
				ranks);
	}

	/**
	 * What one batch did: a flag per event, the top afterwards, and each player's rank.
	 */
	public record Applied(List<Boolean> applied, TopReader.Top top, List<Long> ranks) {

		public long count() {
			return this.applied.stream().filter(Boolean::booleanValue).count();
		}

	}

}
