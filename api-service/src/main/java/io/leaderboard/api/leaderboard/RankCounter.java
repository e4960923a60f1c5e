package io.leaderboard.api.leaderboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.api.board.Board;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.SortOrder;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The rank a just-written score has: 1 + the number of other visible players with a
 * strictly better score (on a board with a subscore: a strictly better pair). Known at
 * once from the ZSET, before the score itself is projected. A hidden player is not in the
 * ZSET, so their answer is the rank they would have: a shadow ban looks normal to the
 * player.
 */
@Component
public class RankCounter {

	private static final Logger logger = LoggerFactory.getLogger(RankCounter.class);

	/**
	 * KEYS: scores, members. ARGV: per score, user id, new stored score, its tie break
	 * ('' on a plain board), previous stored score or '', its tie break. The player's own
	 * projected entry is counted against neither pair. Returns per score {better than
	 * new, better than previous (-1: none)}, flattened.
	 */
	private static final RedisScript<List> COUNT_BETTER = RedisScript.of(Rankings.BETTER_LUA + """
			local counts = {}
			for i = 1, #ARGV, 5 do
			  local count = better(KEYS[1], ARGV[i + 1], ARGV[i + 2])
			  local own = redis.call('HGET', KEYS[2], ARGV[i])
			  local stored = own and redis.call('ZSCORE', KEYS[1], own)
			  -- whether the player's own projected entry is strictly better than a pair
			  local function own_better(score, tie)
			    return stored and (tonumber(stored) < tonumber(score)
			        or (tonumber(stored) == tonumber(score) and tie_of(own) < tie))
			  end
			  if own_better(ARGV[i + 1], ARGV[i + 2]) then count = count - 1 end
			  local before = -1
			  if ARGV[i + 3] ~= '' then
			    before = better(KEYS[1], ARGV[i + 3], ARGV[i + 4])
			    -- the new score may be projected already, and better than the previous one
			    if own_better(ARGV[i + 3], ARGV[i + 4]) then before = before - 1 end
			  end
			  counts[#counts + 1] = count
			  counts[#counts + 1] = before
			end
			return counts
			""", List.class);

	private static final String SQL_COUNT_BETTER = """
			SELECT count(*) FILTER (WHERE (s.rank_score, s.rank_subscore) < (:stored, :storedSubscore)) AS better,
			       count(*) FILTER (WHERE (s.rank_score, s.rank_subscore) < (:previous, :previousSubscore)) AS before
			FROM board_scores s
			WHERE s.board = :board AND s.period = :period AND s.user_id <> :userId
			  AND s.rank_score <= greatest(:stored, :previous)
			  AND NOT EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = s.board AND h.user_id = s.user_id)
			""";

	private final StringRedisTemplate redis;

	private final ShardedRankings shards;

	private final JdbcClient jdbc;

	RankCounter(StringRedisTemplate redis, ShardedRankings shards, JdbcClient jdbc) {
		this.redis = redis;
		this.shards = shards;
		this.jdbc = jdbc;
	}

	/**
	 * The ranks of a score and of the previous score, if any. The write has already
	 * succeeded when this runs, so a Redis outage falls back to PostgreSQL, never to an
	 * error.
	 */
	public Ranks ranksOf(Written written) {
		SortOrder order = written.board().sortOrder();
		long stored = order.stored(written.score());
		Long previous = (written.previousScore() != null) ? order.stored(written.previousScore()) : null;
		try {
			return count(List.of(written)).get(0);
		}
		catch (DataAccessException ex) {
			logger.warn("Redis cannot count ranks, counting in PostgreSQL: {}", ex.getMessage());
			return this.jdbc.sql(SQL_COUNT_BETTER)
				.param("board", written.board().id())
				.param("period", written.period())
				.param("userId", written.userId())
				.param("stored", stored)
				.param("storedSubscore", written.storedSubscore(written.subscore()))
				.param("previous", (previous != null) ? previous : stored)
				.param("previousSubscore", written.storedSubscore(written.previousSubscore()))
				.query((rs, row) -> new Ranks(1 + rs.getLong("better"),
						(previous != null) ? 1 + rs.getLong("before") : null))
				.single();
		}
	}

	/**
	 * The ranks of many just-written scores in one round trip to Redis (a group commit's
	 * batch), or empty when Redis cannot answer: then each is counted alone, with
	 * {@link #ranksOf(Written)}, which falls back to PostgreSQL.
	 */
	public Optional<List<Ranks>> ranksOf(List<Written> written) {
		try {
			return Optional.of(count(written));
		}
		catch (DataAccessException ex) {
			logger.warn("Redis cannot count the ranks of a batch; counting each alone: {}", ex.getMessage());
			return Optional.empty();
		}
	}

	/**
	 * One script call per board period and shard (its keys share a cluster slot), the
	 * shards of a period at once. A sharded board's counts are the sums over its shards;
	 * only the player's own shard holds, and discounts, the player's entry.
	 */
	private List<Ranks> count(List<Written> written) {
		Map<List<LeaderboardKeys>, List<Integer>> byPeriod = new LinkedHashMap<>();
		for (int i = 0; i < written.size(); i++) {
			Written one = written.get(i);
			byPeriod.computeIfAbsent(one.board().placement().all(one.period()), (keys) -> new ArrayList<>()).add(i);
		}
		Ranks[] ranks = new Ranks[written.size()];
		byPeriod.forEach((keys, indexes) -> {
			List<String> args = new ArrayList<>(5 * indexes.size());
			for (int i : indexes) {
				Written one = written.get(i);
				SortOrder order = one.board().sortOrder();
				args.add(Long.toString(one.userId()));
				args.add(Long.toString(order.stored(one.score())));
				args.add(one.tieBreak(one.subscore()));
				args.add((one.previousScore() != null) ? Long.toString(order.stored(one.previousScore())) : "");
				args.add(one.tieBreak(one.previousSubscore()));
			}
			List<List<?>> counts = this.shards.eachShard(keys, (shard) -> this.redis.execute(COUNT_BETTER,
					List.of(shard.scores(), shard.members()), args.toArray()));
			for (int j = 0; j < indexes.size(); j++) {
				long better = 0;
				long before = 0;
				for (List<?> shard : counts) {
					better += ((Number) shard.get(2 * j)).longValue();
					before += ((Number) shard.get(2 * j + 1)).longValue();
				}
				boolean first = written.get(indexes.get(j)).previousScore() == null;
				ranks[indexes.get(j)] = new Ranks(1 + better, first ? null : 1 + before);
			}
		});
		return List.of(ranks);
	}

	/**
	 * A score as written, to be ranked on its board.
	 *
	 * @param previousScore the score stored before, null for a first score in the period
	 * @param subscore the tie-break subscore, null on a plain board
	 * @param previousSubscore the subscore stored before, null when there was none
	 */
	public record Written(Board board, String period, long userId, long score, Long previousScore, Long subscore,
			Long previousSubscore) {

		String tieBreak(Long subscore) {
			return Rankings.tieBreak(this.board.competition().subscoreOrder(), subscore);
		}

		long storedSubscore(Long subscore) {
			SortOrder order = this.board.competition().subscoreOrder();
			return (order != null && subscore != null) ? order.stored(subscore) : 0;
		}

	}

	/** A rank and the previous rank, null for a first score. */
	public record Ranks(long rank, Long previousRank) {

	}

}
