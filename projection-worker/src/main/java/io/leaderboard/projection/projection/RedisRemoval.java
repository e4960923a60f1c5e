package io.leaderboard.projection.projection;

import java.util.List;
import java.util.Map;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.EntryRemoved;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Rankings;
import io.leaderboard.projection.layout.BoardLayouts;
import io.leaderboard.projection.notification.TopReader;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import static io.leaderboard.events.LeaderboardKeys.staged;

/**
 * Applies an {@link EntryRemoved} in one Lua call on the player's shard: the player
 * leaves the period's ZSETs (visible or hidden) and hashes, only while the version
 * applied for them is older than the removal's, and the ranks behind them close up.
 */
@Component
class RedisRemoval {

	/**
	 * KEYS: scores, hidden scores, members, players, versions, generation, rebuilding
	 * marker, the staging twins of the first five, removed-during-rebuild hash. ARGV: top
	 * size, user id, version. No version stays behind: a later first score of the player
	 * in this period starts again at version 1, and follows this event on the player's
	 * partition. While a rebuild of the period runs, the player leaves the staging keys
	 * too and is noted with the removal's version, so the rebuild drops the entry from a
	 * snapshot read before the removal. Returns {applied, what
	 * {@link Rankings#TOP_WITH_DETAILS_LUA} returns, generation}.
	 */
	private static final RedisScript<List> REMOVE = RedisScript.of(EntryScript.REMOVE_ENTRY_LUA + """
			local user, version = ARGV[2], tonumber(ARGV[3])
			if redis.call('EXISTS', KEYS[7]) == 1 then
			  remove_entry({KEYS[8], KEYS[9], KEYS[10], KEYS[11], KEYS[12]}, user)
			  local noted = redis.call('HGET', KEYS[13], user)
			  if not noted or tonumber(noted) < version then redis.call('HSET', KEYS[13], user, ARGV[3]) end
			end
			local applied = 0
			local generation = tonumber(redis.call('GET', KEYS[6]) or '0')
			local current = redis.call('HGET', KEYS[5], user)
			if current and tonumber(current) < version then
			  remove_entry({KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]}, user)
			  generation = redis.call('INCR', KEYS[6])
			  applied = 1
			end
			local top = (function()
			  local KEYS = {KEYS[1], KEYS[4]}
			""" + Rankings.TOP_WITH_DETAILS_LUA + """
			end)()
			return {applied, top[1], top[2], generation}
			""", List.class);

	private final StringRedisTemplate redis;

	private final BoardLayouts layouts;

	private final TopReader topReader;

	RedisRemoval(StringRedisTemplate redis, BoardLayouts layouts, TopReader topReader) {
		this.redis = redis;
		this.layouts = layouts;
		this.topReader = topReader;
	}

	/**
	 * @return whether the entry was removed now, and the period's top afterwards (the
	 * whole board's, on a sharded board)
	 */
	Applied apply(EntryRemoved removal, int topSize) {
		BoardShards shards = this.layouts.of(removal.board());
		int shard = shards.of(removal.userId());
		LeaderboardKeys keys = shards.keys(removal.period(), shard);
		List<?> result = this.redis.execute(REMOVE,
				List.of(keys.scores(), keys.hiddenScores(), keys.members(), keys.players(), keys.versions(),
						keys.generation(), keys.rebuilding(), staged(keys.scores()), staged(keys.hiddenScores()),
						staged(keys.members()), staged(keys.players()), staged(keys.versions()),
						keys.removedDuringRebuild()),
				Integer.toString(topSize), Long.toString(removal.userId()), Long.toString(removal.version()));
		TopReader.ShardTop top = new TopReader.ShardTop((List<?>) result.get(1), (List<?>) result.get(2),
				((Number) result.get(3)).longValue());
		return new Applied(((Number) result.get(0)).intValue() == 1,
				this.topReader.top(shards, removal.period(), removal.sortOrder(), topSize, Map.of(shard, top)));
	}

	/** What one removal did. */
	record Applied(boolean applied, TopReader.Top top) {

	}

}
