package io.leaderboard.projection.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.Cohorts;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerDetails;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.events.SortOrder;
import io.leaderboard.projection.layout.BoardLayouts;
import io.leaderboard.projection.notification.TopReader;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import static io.leaderboard.events.LeaderboardKeys.staged;

/**
 * Applies a batch of one board period's events in one Lua call (one per shard of a
 * sharded board): one round trip, and each version check is atomic with its write. The
 * same call returns the period's new top with player details, which the notifier needs
 * next.
 */
@Component
public class RedisProjection {

	/**
	 * KEYS: scores, hidden scores, members, players, versions, generation, hidden set,
	 * periods set, rebuilding marker, then the staging twins of the first five, then the
	 * period's cohorts and cohort-of keys. ARGV: top size, period, then per event user
	 * id, stored score, member, version, details JSON, cohort ('' for none). While a
	 * rebuild of the period runs, each event is written to the staging keys too, so the
	 * rebuilt ranking misses nothing that arrived meanwhile. A cohort placement is
	 * written as it comes: it never changes within a period, so there is nothing to
	 * stage. Returns the applied flags, what {@link Rankings#TOP_WITH_DETAILS_LUA}
	 * returns afterwards, and the generation that top belongs to, and per event the
	 * player's rank afterwards (0 when not applied): 1 + the visible players with a
	 * strictly better score (pair of score and subscore on a board with a subscore), in
	 * the player's cohort when the event names one.
	 */
	private static final RedisScript<List> APPLY = RedisScript
		.of(EntryScript.WRITE_ENTRY_LUA + Rankings.BETTER_LUA + Cohorts.COHORT_LUA
				+ """
						local live = {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]}
						local staged = nil
						if redis.call('EXISTS', KEYS[9]) == 1 then staged = {KEYS[10], KEYS[11], KEYS[12], KEYS[13], KEYS[14]} end
						local applied = {}
						local ranks = {}
						local changed = false
						for i = 3, #ARGV, 6 do
						  local user, stored, member, version, details = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3]), ARGV[i + 4]
						  local cohort = ARGV[i + 5]
						  local hidden = redis.call('SISMEMBER', KEYS[7], user) == 1
						  if cohort ~= '' then
						    redis.call('HSET', KEYS[16], user, cohort)
						    redis.call('ZADD', KEYS[15], 0, cohort .. '/' .. user)
						  end
						  if staged then write_entry(staged, user, stored, member, version, details, hidden) end
						  if write_entry(live, user, stored, member, version, details, hidden) then
						    applied[#applied + 1] = 1
						    if cohort ~= '' then
						      ranks[#ranks + 1] = cohort_rank(KEYS[15], KEYS[3], KEYS[1], cohort, stored, tie_of(member))
						    else
						      ranks[#ranks + 1] = 1 + better(KEYS[1], stored, tie_of(member))
						    end
						    changed = true
						  else
						    applied[#applied + 1] = 0
						    ranks[#ranks + 1] = 0
						  end
						end
						local generation = tonumber(redis.call('GET', KEYS[6]) or '0')
						if changed then
						  generation = redis.call('INCR', KEYS[6])
						  redis.call('SADD', KEYS[8], ARGV[2])
						end
						local top = (function()
						  local KEYS = {KEYS[1], KEYS[4]}
						"""
				+ Rankings.TOP_WITH_DETAILS_LUA + """
						end)()
						return {applied, top[1], top[2], generation, ranks}
						""", List.class);

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	private final BoardLayouts layouts;

	private final TopReader topReader;

	private final BoardWideRanks boardWideRanks;

	RedisProjection(StringRedisTemplate redis, EventCodec codec, BoardLayouts layouts, TopReader topReader,
			BoardWideRanks boardWideRanks) {
		this.redis = redis;
		this.codec = codec;
		this.layouts = layouts;
		this.topReader = topReader;
		this.boardWideRanks = boardWideRanks;
	}

	/**
	 * Applies events of one board period, in order. On a sharded board each shard's
	 * events go in one call of their own (a player's events stay in order, all in the
	 * player's shard); the top and the ranks are then the whole board's.
	 * @return which events changed the board, and the period's top afterwards
	 */
	public Applied apply(String board, String period, SortOrder order, List<ScoreChanged> events, int topSize) {
		BoardShards shards = this.layouts.of(board);
		Map<Integer, List<Integer>> byShard = new TreeMap<>();
		for (int i = 0; i < events.size(); i++) {
			byShard.computeIfAbsent(shards.of(events.get(i).userId()), (shard) -> new ArrayList<>()).add(i);
		}
		Boolean[] applied = new Boolean[events.size()];
		Long[] ranks = new Long[events.size()];
		Map<Integer, TopReader.ShardTop> tops = new HashMap<>();
		for (Map.Entry<Integer, List<Integer>> shard : byShard.entrySet()) {
			List<Integer> positions = shard.getValue();
			List<?> result = applyToShard(shards.keys(period, shard.getKey()), period, order,
					positions.stream().map(events::get).toList(), topSize);
			List<?> flags = (List<?>) result.get(0);
			List<?> shardRanks = (List<?>) result.get(4);
			for (int i = 0; i < positions.size(); i++) {
				applied[positions.get(i)] = ((Number) flags.get(i)).intValue() == 1;
				ranks[positions.get(i)] = ((Number) shardRanks.get(i)).longValue();
			}
			tops.put(shard.getKey(), new TopReader.ShardTop((List<?>) result.get(1), (List<?>) result.get(2),
					((Number) result.get(3)).longValue()));
		}
		List<Long> boardRanks = this.boardWideRanks.of(shards, period, order, events, List.of(applied), List.of(ranks));
		return new Applied(List.of(applied), this.topReader.top(shards, period, order, topSize, tops), boardRanks);
	}

	private List<?> applyToShard(LeaderboardKeys keys, String period, SortOrder order, List<ScoreChanged> events,
			int topSize) {
		List<String> args = new ArrayList<>(2 + 6 * events.size());
		args.add(Integer.toString(topSize));
		args.add(period);
		for (ScoreChanged event : events) {
			args.add(Long.toString(event.userId()));
			args.add(Long.toString(order.stored(event.score())));
			args.add(event.member());
			args.add(Long.toString(event.version()));
			args.add(this.codec.toJson(new PlayerDetails(event.nickName(), event.updatedAt(), event.gamesPlayed(),
					event.outcomes(), event.metadata())));
			args.add((event.cohort() != null) ? event.cohort() : "");
		}
		return this.redis.execute(APPLY,
				List.of(keys.scores(), keys.hiddenScores(), keys.members(), keys.players(), keys.versions(),
						keys.generation(), keys.hidden(), keys.periods(), keys.rebuilding(), staged(keys.scores()),
						staged(keys.hiddenScores()), staged(keys.members()), staged(keys.players()),
						staged(keys.versions()), keys.cohorts(), keys.cohortOf()),
				args.toArray());
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
