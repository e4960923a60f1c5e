package io.leaderboard.projection.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.Boards;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerModerated;
import io.leaderboard.projection.layout.BoardLayouts;

import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Applies a moderation decision ({@code PlayerHidden}, {@code PlayerShown}) to a board in
 * one Lua call on the player's shard: the player joins or leaves the board's hidden set,
 * and their entry of every period moves between the visible and the hidden ZSET, so every
 * read, rank count and notification leaves them out, and the ranks behind them close up.
 * Scores the player sends later go where the hidden set says, in the script that writes
 * them.
 */
@Component
class RedisModeration {

	/**
	 * KEYS: hidden set, periods set, moderation versions, then per period: scores, hidden
	 * scores, members, generation, rebuilding marker, moderated-during-rebuild set. ARGV:
	 * user id, version, '1' to hide or '0' to show, then the period ids in the order of
	 * their keys. Returns {-1} when the board's periods are no longer those given
	 * (nothing written; read them again), {0} when a decision as new was already applied,
	 * else {1} followed by the positions of the periods whose ranking changed. While a
	 * period is rebuilt, the player is noted so the rebuild places their entry by the
	 * hidden set when it swaps in its snapshot, which may predate this decision.
	 */
	private static final RedisScript<List> APPLY = RedisScript.of("""
			local user, version, hide = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1'
			if redis.call('SCARD', KEYS[2]) ~= #ARGV - 3 then return {-1} end
			for j = 4, #ARGV do
			  if redis.call('SISMEMBER', KEYS[2], ARGV[j]) == 0 then return {-1} end
			end
			local current = redis.call('HGET', KEYS[3], user)
			if current and tonumber(current) >= version then return {0} end
			redis.call('HSET', KEYS[3], user, ARGV[2])
			if hide then redis.call('SADD', KEYS[1], user) else redis.call('SREM', KEYS[1], user) end
			local result = {1}
			for i = 4, #KEYS, 6 do
			  if redis.call('EXISTS', KEYS[i + 4]) == 1 then redis.call('SADD', KEYS[i + 5], user) end
			  local from, to = KEYS[i], KEYS[i + 1]
			  if not hide then from, to = KEYS[i + 1], KEYS[i] end
			  local member = redis.call('HGET', KEYS[i + 2], user)
			  local stored = member and redis.call('ZSCORE', from, member)
			  if stored then
			    redis.call('ZREM', from, member)
			    redis.call('ZADD', to, stored, member)
			    redis.call('INCR', KEYS[i + 3])
			    result[#result + 1] = (i - 4) / 6 + 1
			  end
			end
			return result
			""", List.class);

	/**
	 * A period created between reading the periods and the script is rare; a few tries.
	 */
	private static final int ATTEMPTS = 10;

	private final StringRedisTemplate redis;

	private final BoardLayouts layouts;

	RedisModeration(StringRedisTemplate redis, BoardLayouts layouts) {
		this.redis = redis;
		this.layouts = layouts;
	}

	/**
	 * Applies one decision.
	 * @return whether it was newer than the last decision applied for the player and
	 * board, and the periods whose ranking changed
	 */
	Applied apply(PlayerModerated decision) {
		// on a sharded board, the shard that holds the player: its hidden set, decisions,
		// periods and entries
		BoardShards shards = this.layouts.of(decision.board());
		String shard = shards.name(shards.of(decision.userId()));
		LeaderboardKeys board = LeaderboardKeys.of(shard, Boards.ALL_TIME);
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Set<String> members = this.redis.opsForSet().members(board.periods());
			List<String> periods = (members != null) ? List.copyOf(members) : List.of();
			List<String> keys = new ArrayList<>(List.of(board.hidden(), board.periods(), board.moderation()));
			List<String> args = new ArrayList<>(List.of(Long.toString(decision.userId()),
					Long.toString(decision.version()), decision.hidden() ? "1" : "0"));
			for (String period : periods) {
				LeaderboardKeys keysOf = LeaderboardKeys.of(shard, period);
				keys.addAll(List.of(keysOf.scores(), keysOf.hiddenScores(), keysOf.members(), keysOf.generation(),
						keysOf.rebuilding(), keysOf.moderatedDuringRebuild()));
				args.add(period);
			}
			List<?> result = this.redis.execute(APPLY, keys, args.toArray());
			long outcome = ((Number) result.get(0)).longValue();
			if (outcome >= 0) {
				List<String> changed = result.stream()
					.skip(1)
					.map((position) -> periods.get(((Number) position).intValue() - 1))
					.toList();
				return new Applied(outcome == 1, changed);
			}
		}
		// transient: the listener retries the batch
		throw new TransientDataAccessResourceException("The periods of " + decision.board() + " kept changing");
	}

	/** What one decision did. */
	record Applied(boolean applied, List<String> changedPeriods) {

	}

}
