package io.leaderboard.projection.projection;

import java.util.ArrayList;
import java.util.List;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.events.SortOrder;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Turns the ranks the projection found in each player's own shard into ranks on the whole
 * board: 1 + the visible players strictly better on every shard, so a sharded board ranks
 * as if it were one set (ties share a rank). The other shards are counted as they are
 * once the whole batch is in (one call per shard for all of it), the player's own shard
 * as it was when the event was written: the two differ only where a later event of the
 * batch overtook an earlier one, and then the later rank is the truer one.
 */
@Component
class BoardWideRanks {

	/**
	 * KEYS: one shard's scores. ARGV: per player, stored score and tie-break prefix.
	 * Returns per player how many of the shard's players rank strictly better.
	 */
	private static final RedisScript<List> BETTER = RedisScript.of(Rankings.BETTER_LUA + """
			local counts = {}
			for i = 1, #ARGV, 2 do counts[#counts + 1] = better(KEYS[1], ARGV[i], ARGV[i + 1]) end
			return counts
			""", List.class);

	private final StringRedisTemplate redis;

	BoardWideRanks(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * @param applied whether each event was applied
	 * @param shardRanks each applied event's rank within its player's shard
	 * @return each event's rank on the board (0 where not applied)
	 */
	List<Long> of(BoardShards shards, String period, SortOrder order, List<ScoreChanged> events, List<Boolean> applied,
			List<Long> shardRanks) {
		List<Long> ranks = new ArrayList<>(shardRanks);
		if (!shards.sharded()) {
			return ranks;
		}
		for (int shard = 0; shard < shards.count(); shard++) {
			List<Integer> positions = new ArrayList<>();
			List<String> args = new ArrayList<>();
			for (int i = 0; i < events.size(); i++) {
				ScoreChanged event = events.get(i);
				if (applied.get(i) && shards.of(event.userId()) != shard) {
					positions.add(i);
					args.add(Long.toString(order.stored(event.score())));
					args.add(event.member().substring(0, event.member().length() - Rankings.PLAIN_MEMBER_LENGTH));
				}
			}
			if (positions.isEmpty()) {
				continue;
			}
			List<?> counts = this.redis.execute(BETTER, List.of(shards.keys(period, shard).scores()), args.toArray());
			for (int j = 0; j < positions.size(); j++) {
				int position = positions.get(j);
				ranks.set(position, ranks.get(position) + ((Number) counts.get(j)).longValue());
			}
		}
		return ranks;
	}

}
