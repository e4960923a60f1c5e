package io.leaderboard.projection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.LeaderboardKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the tests of sharded boards share: boards declared in PostgreSQL with their
 * shards, their scores there, and where the projection put each entry.
 */
public final class ShardedBoards {

	private ShardedBoards() {
	}

	/**
	 * Declares a descending board, as the api-service would (once: shards do not change).
	 * @param subscoreOrder 'asc' or 'desc' for a board with a tie-break subscore, else
	 * null
	 */
	public static BoardShards declare(JdbcClient jdbc, String board, int shards, String resetSchedule,
			String subscoreOrder) {
		jdbc.sql("""
				INSERT INTO leaderboards (id, sort_order, operator, reset_schedule, subscore_order, shards)
				VALUES (:board, 'desc', 'best', :schedule, :subscore, :shards) ON CONFLICT (id) DO NOTHING
				""")
			.param("board", board)
			.param("schedule", resetSchedule)
			.param("subscore", subscoreOrder)
			.param("shards", shards)
			.update();
		return BoardShards.of(board, shards);
	}

	/** A player named "p" and their id. */
	public static void player(JdbcClient jdbc, long id) {
		jdbc.sql("INSERT INTO users (id, subject, nick_name) VALUES (:id, :subject, :nick)")
			.param("id", id)
			.param("subject", "player-" + id)
			.param("nick", "p" + id)
			.update();
	}

	/** A player's score (version 1) on a descending board, in PostgreSQL. */
	public static void entry(JdbcClient jdbc, LeaderboardKeys period, long userId, long score, Instant reachedAt) {
		OffsetDateTime reached = OffsetDateTime.ofInstant(reachedAt, ZoneOffset.UTC);
		jdbc.sql(
				"""
						INSERT INTO board_scores (board, period, user_id, score, rank_score, version, games_played, reached_at, updated_at)
						VALUES (:board, :period, :user, :score, -:score, 1, 1, :reached, :reached)
						""")
			.param("board", period.board())
			.param("period", period.period())
			.param("user", userId)
			.param("score", score)
			.param("reached", reached)
			.update();
	}

	/** The shards whose keys hold an entry (visible or hidden) of the player. */
	public static List<Integer> shardsHolding(StringRedisTemplate redis, BoardShards shards, String period,
			long userId) {
		List<Integer> holding = new ArrayList<>();
		for (int shard = 0; shard < shards.count(); shard++) {
			LeaderboardKeys keys = shards.keys(period, shard);
			Object member = redis.opsForHash().get(keys.members(), Long.toString(userId));
			if (redis.opsForHash().hasKey(keys.versions(), Long.toString(userId))
					|| (member != null && (redis.opsForZSet().score(keys.scores(), member.toString()) != null
							|| redis.opsForZSet().score(keys.hiddenScores(), member.toString()) != null))) {
				holding.add(shard);
			}
		}
		return holding;
	}

	/** The players a period holds over all its shards. */
	public static long players(StringRedisTemplate redis, BoardShards shards, String period) {
		return shards.all(period).stream().mapToLong((keys) -> redis.opsForHash().size(keys.versions())).sum();
	}

	/** Everything the projection keeps of a period's entries, shard by shard. */
	public static Map<String, Object> contents(StringRedisTemplate redis, BoardShards shards, String period) {
		Map<String, Object> contents = new TreeMap<>();
		for (LeaderboardKeys keys : shards.all(period)) {
			for (String zset : List.of(keys.scores(), keys.hiddenScores())) {
				contents.put(zset,
						redis.opsForZSet()
							.rangeWithScores(zset, 0, -1)
							.stream()
							.map((tuple) -> tuple.getValue() + "=" + tuple.getScore())
							.toList());
			}
			for (String hash : List.of(keys.members(), keys.players(), keys.versions())) {
				contents.put(hash, new TreeMap<>(redis.opsForHash().entries(hash)));
			}
			contents.put(keys.hidden(), redis.opsForSet().members(keys.hidden()));
		}
		return contents;
	}

}
