package io.leaderboard.projection.notification;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.SortOrder;
import io.leaderboard.projection.layout.BoardLayouts;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Reads a board's top with player details, ranked by {@link Rankings}: one round trip per
 * shard of the board. A sharded board's top is the best of its shards' tops, merged in
 * Redis's own order.
 */
@Component
public class TopReader {

	/** The top and the generation it belongs to, read together. */
	private static final RedisScript<List> TOP = RedisScript.of("local top = (function()\n"
			+ Rankings.TOP_WITH_DETAILS_LUA + "end)()\nreturn {top[1], top[2], redis.call('GET', KEYS[3]) or '0'}\n",
			List.class);

	/**
	 * Redis's order of a ZSET: by stored score, then by member byte by byte (members are
	 * ASCII, so String order is byte order).
	 */
	private static final Comparator<Listed> REDIS_ORDER = Comparator.comparingDouble(Listed::stored)
		.thenComparing(Listed::member);

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	private final BoardLayouts layouts;

	TopReader(StringRedisTemplate redis, EventCodec codec, BoardLayouts layouts) {
		this.redis = redis;
		this.codec = codec;
		this.layouts = layouts;
	}

	public Top top(String board, String period, SortOrder order, int size) {
		return top(this.layouts.of(board), period, order, size, Map.of());
	}

	/**
	 * The board's top from the tops of its shards, reading those not given.
	 * @param read shard index → that shard's top, already read (by a script that wrote
	 * it, so read at the right moment)
	 */
	public Top top(BoardShards shards, String period, SortOrder order, int size, Map<Integer, ShardTop> read) {
		List<ShardTop> tops = new ArrayList<>(shards.count());
		for (int shard = 0; shard < shards.count(); shard++) {
			ShardTop top = read.get(shard);
			tops.add((top != null) ? top : read(shards.keys(period, shard), size));
		}
		if (tops.size() == 1) {
			ShardTop only = tops.get(0);
			return new Top(Rankings.fromRedis(only.withScores(), only.details(), order, this.codec), only.generation());
		}
		return merge(tops, order, size);
	}

	private ShardTop read(LeaderboardKeys keys, int size) {
		List<?> result = this.redis.execute(TOP, List.of(keys.scores(), keys.players(), keys.generation()),
				Integer.toString(size));
		return new ShardTop((List<?>) result.get(0), (List<?>) result.get(1), Long.parseLong(result.get(2).toString()));
	}

	/**
	 * Every shard's top holds its best {@code size}, so the board's best {@code size} are
	 * among them. Ranked after the merge, so players tied across shards share a rank. The
	 * generation is the sum of the shards': each only grows, so the sum grows with any
	 * change of the board.
	 */
	private Top merge(List<ShardTop> tops, SortOrder order, int size) {
		List<Listed> listed = new ArrayList<>();
		long generation = 0;
		for (ShardTop top : tops) {
			generation += top.generation();
			for (int i = 0; i < top.details().size(); i++) {
				Object member = top.withScores().get(2 * i);
				Object score = top.withScores().get(2 * i + 1);
				listed.add(new Listed(member.toString(), Double.parseDouble(score.toString()), member, score,
						top.details().get(i)));
			}
		}
		listed.sort(REDIS_ORDER);
		List<Object> withScores = new ArrayList<>();
		List<Object> details = new ArrayList<>();
		for (Listed entry : listed.subList(0, Math.min(size, listed.size()))) {
			withScores.add(entry.rawMember());
			withScores.add(entry.rawScore());
			details.add(entry.details());
		}
		return new Top(Rankings.fromRedis(withScores, details, order, this.codec), generation);
	}

	/**
	 * A board's top as it was at one generation.
	 *
	 * @param entries the ranked entries
	 * @param generation the board's generation when they were read
	 */
	public record Top(List<LeaderboardEntry> entries, long generation) {

	}

	/**
	 * One shard's top as {@link Rankings#TOP_WITH_DETAILS_LUA} returns it, and the
	 * shard's generation then.
	 */
	public record ShardTop(List<?> withScores, List<?> details, long generation) {

	}

	private record Listed(String member, double stored, Object rawMember, Object rawScore, Object details) {

	}

}
