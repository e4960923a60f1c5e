package io.leaderboard.api.leaderboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import io.leaderboard.api.leaderboard.RedisRankings.Found;
import io.leaderboard.api.leaderboard.RedisRankings.Players;
import io.leaderboard.api.leaderboard.RedisRankings.Ranked;
import io.leaderboard.api.leaderboard.RedisRankings.Stats;
import io.leaderboard.events.BoardShards;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.Rankings.Scored;
import io.leaderboard.events.SortOrder;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Reads a board's ranking from Redis whatever its shards. A board with one shard is read
 * by {@link RedisRankings} alone. A sharded board keeps each player in one of several
 * sorted sets ({@link BoardShards}); its reads ask every shard at once and stay exact: a
 * rank is 1 + the sum over the shards of the entries strictly better, a page is the merge
 * of each shard's page in Redis's own order (stored score, then member), and ties are
 * shared as everywhere.
 */
@Component
class ShardedRankings {

	/**
	 * KEYS: scores. ARGV: pairs of stored score and tie break. Returns {players, then per
	 * pair the entries strictly better}.
	 */
	private static final RedisScript<List> BETTER = RedisScript.of(Rankings.BETTER_LUA + """
			local counts = {redis.call('ZCARD', KEYS[1])}
			for i = 1, #ARGV, 2 do counts[#counts + 1] = better(KEYS[1], ARGV[i], ARGV[i + 1]) end
			return counts
			""", List.class);

	/**
	 * KEYS: scores, players. ARGV: count, then the cursor's stored score, member and tie
	 * break, or ''. The shard's first {@code count} entries after the cursor, found as
	 * {@link RedisRankings} finds them. Returns {how many come at or before the cursor,
	 * how many rank strictly better than the cursor's pair, slice WITHSCORES, details}.
	 */
	private static final RedisScript<List> PAGE = RedisScript.of(Rankings.BETTER_LUA + """
			local start, ahead = 0, 0
			if ARGV[2] ~= '' then
			  local lo = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[2])
			  local hi = redis.call('ZCOUNT', KEYS[1], '-inf', ARGV[2])
			  while lo < hi do
			    local mid = math.floor((lo + hi) / 2)
			    if redis.call('ZRANGE', KEYS[1], mid, mid)[1] <= ARGV[3] then lo = mid + 1 else hi = mid end
			  end
			  start = lo
			  ahead = better(KEYS[1], ARGV[2], ARGV[4])
			end
			local slice = redis.call('ZRANGE', KEYS[1], start, start + tonumber(ARGV[1]) - 1, 'WITHSCORES')
			local ids = {}
			for i = 1, #slice, 2 do ids[#ids + 1] = (string.gsub(string.sub(slice[i], -19), '^0+', '')) end
			local details = {}
			if #ids > 0 then details = redis.call('HMGET', KEYS[2], unpack(ids)) end
			return {start, ahead, slice, details}
			""", List.class);

	/**
	 * KEYS: scores, players. ARGV: radius, stored score, member. The entries of the shard
	 * around where the pair sits in its order, whether or not it holds the pair: up to
	 * {@code radius} before it and {@code radius} + 1 from it. Returns {how many come
	 * before the pair, slice WITHSCORES, details}.
	 */
	private static final RedisScript<List> WINDOW = RedisScript.of("""
			local lo = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[2])
			local hi = redis.call('ZCOUNT', KEYS[1], '-inf', ARGV[2])
			while lo < hi do
			  local mid = math.floor((lo + hi) / 2)
			  if redis.call('ZRANGE', KEYS[1], mid, mid)[1] < ARGV[3] then lo = mid + 1 else hi = mid end
			end
			local radius = tonumber(ARGV[1])
			local slice = redis.call('ZRANGE', KEYS[1], math.max(0, lo - radius), lo + radius, 'WITHSCORES')
			local ids = {}
			for i = 1, #slice, 2 do ids[#ids + 1] = (string.gsub(string.sub(slice[i], -19), '^0+', '')) end
			local details = {}
			if #ids > 0 then details = redis.call('HMGET', KEYS[2], unpack(ids)) end
			return {lo, slice, details}
			""", List.class);

	/**
	 * KEYS: scores. ARGV: stored scores. Returns {players, lowest stored, highest stored,
	 * then per score the entries stored at most at it}; {0} for an empty shard.
	 */
	private static final RedisScript<List> AT_MOST = RedisScript.of("""
			local n = redis.call('ZCARD', KEYS[1])
			if n == 0 then return {0} end
			local counts = {n, redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2],
			                redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]}
			for i = 1, #ARGV do counts[#counts + 1] = redis.call('ZCOUNT', KEYS[1], '-inf', ARGV[i]) end
			return counts
			""", List.class);

	private static final Comparator<Cursor> REDIS_ORDER = Comparator.comparingLong(Cursor::stored)
		.thenComparing(Cursor::member);

	private final RedisRankings single;

	private final StringRedisTemplate redis;

	private final AsyncTaskExecutor executor;

	ShardedRankings(RedisRankings single, StringRedisTemplate redis,
			@Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor) {
		this.single = single;
		this.redis = redis;
		this.executor = executor;
	}

	/** Up to {@code count} entries after the cursor (from the top without one). */
	Slice page(BoardShards shards, String period, SortOrder order, int count, Cursor after) {
		if (!shards.sharded()) {
			return this.single.page(shards.keys(period, 0), order, count, after);
		}
		String stored = (after != null) ? Long.toString(after.stored()) : "";
		String member = (after != null) ? after.member() : "";
		String tie = (after != null) ? tieOf(after.member()) : "";
		List<Slice> pages = eachShard(shards.all(period), (keys) -> this.single.slice(period, order, this.redis
			.execute(PAGE, List.of(keys.scores(), keys.players()), Integer.toString(count), stored, member, tie)));
		Merged merged = merge(pages);
		List<Integer> first = merged.first(count);
		long position = pages.stream().mapToLong(Slice::position).sum();
		// everyone at or before the cursor ranks strictly better than the first after it,
		// unless the two tie: then those better than the cursor's pair do
		boolean tiesTheCursor = after != null && !first.isEmpty() && samePair(merged.cursor(first.get(0)), after);
		long better = tiesTheCursor ? pages.stream().mapToLong(Slice::better).sum() : position;
		return merged.slice(first, better, position);
	}

	Optional<Slice> around(BoardShards shards, String period, SortOrder order, long userId, int radius) {
		if (!shards.sharded()) {
			return this.single.around(shards.keys(period, 0), order, userId, radius);
		}
		Optional<Found> found = this.single.player(shards.keysOf(period, userId), order, userId);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Cursor at = found.get().entry().cursor();
		List<Slice> windows = eachShard(shards.all(period), (keys) -> window(keys, order, radius, at));
		Merged merged = merge(windows);
		int self = merged.indexOf(at);
		int from = Math.max(0, self - radius);
		List<Integer> run = merged.order().subList(from, Math.min(merged.order().size(), self + radius + 1));
		long position = windows.stream().mapToLong(Slice::position).sum() - (self - from);
		return Optional.of(merged.slice(run, betterThan(shards, period, merged.cursor(run.get(0))), position));
	}

	/** A player's entry and the number of visible players, if the player is visible. */
	Optional<Found> player(BoardShards shards, String period, SortOrder order, long userId) {
		if (!shards.sharded()) {
			return this.single.player(shards.keys(period, 0), order, userId);
		}
		Players found = players(shards, period, order, List.of(userId));
		return found.entries().stream().findFirst().map((entry) -> new Found(entry, found.total()));
	}

	/** The visible ones of the players, in ranking order. */
	Players players(BoardShards shards, String period, SortOrder order, List<Long> userIds) {
		if (!shards.sharded()) {
			return this.single.players(shards.keys(period, 0), order, userIds);
		}
		Map<Integer, List<Long>> byShard = new LinkedHashMap<>();
		userIds.forEach((user) -> byShard.computeIfAbsent(shards.of(user), (shard) -> new ArrayList<>()).add(user));
		List<Map.Entry<Integer, List<Long>>> asked = List.copyOf(byShard.entrySet());
		List<Players> inOwnShards = eachShard(asked,
				(shard) -> this.single.players(shards.keys(period, shard.getKey()), order, shard.getValue()));
		List<Ranked> found = new ArrayList<>();
		List<Integer> homes = new ArrayList<>();
		for (int i = 0; i < asked.size(); i++) {
			for (Ranked entry : inOwnShards.get(i).entries()) {
				found.add(entry);
				homes.add(asked.get(i).getKey());
			}
		}
		List<String> pairs = new ArrayList<>(2 * found.size());
		found.forEach((entry) -> {
			pairs.add(Long.toString(entry.cursor().stored()));
			pairs.add(tieOf(entry.cursor().member()));
		});
		List<List<?>> counts = eachShard(shards.all(period),
				(keys) -> this.redis.execute(BETTER, List.of(keys.scores()), pairs.toArray()));
		long total = counts.stream().mapToLong((shard) -> ((Number) shard.get(0)).longValue()).sum();
		List<Ranked> ranked = new ArrayList<>(found.size());
		for (int i = 0; i < found.size(); i++) {
			Ranked entry = found.get(i);
			long elsewhere = 0;
			for (int shard = 0; shard < counts.size(); shard++) {
				// the player's own shard counted its entries in the rank already
				elsewhere += (shard == homes.get(i)) ? 0 : ((Number) counts.get(shard).get(1 + i)).longValue();
			}
			LeaderboardEntry own = entry.entry();
			ranked.add(new Ranked(
					new LeaderboardEntry(own.rank() + elsewhere, own.userId(), own.nickName(), own.score(),
							own.subscore(), own.updatedAt(), own.metadata()),
					entry.cursor(), entry.gamesPlayed(), entry.outcomes()));
		}
		ranked.sort(Comparator.comparing(Ranked::cursor, REDIS_ORDER));
		return new Players(ranked, total);
	}

	/**
	 * The number of visible players and the scores at the quantiles (thousandths): the
	 * nearest-rank score, found by bisecting the stored scores between the lowest and the
	 * highest, each step one count per shard.
	 */
	Stats stats(BoardShards shards, String period, SortOrder order, List<Integer> thousandths) {
		if (!shards.sharded()) {
			return this.single.stats(shards.keys(period, 0), order, thousandths);
		}
		List<LeaderboardKeys> all = shards.all(period);
		List<List<?>> bounds = eachShard(all, (keys) -> this.redis.execute(AT_MOST, List.of(keys.scores())));
		long players = bounds.stream().mapToLong((shard) -> ((Number) shard.get(0)).longValue()).sum();
		if (players == 0 || thousandths.isEmpty()) {
			return new Stats(players, List.of());
		}
		long lowest = bounds.stream()
			.filter((shard) -> shard.size() > 1)
			.mapToLong((shard) -> Rankings.redisScore(shard.get(1)))
			.min()
			.getAsLong();
		long highest = bounds.stream()
			.filter((shard) -> shard.size() > 1)
			.mapToLong((shard) -> Rankings.redisScore(shard.get(2)))
			.max()
			.getAsLong();
		int asked = thousandths.size();
		long[] wanted = new long[asked];
		long[] lo = new long[asked];
		long[] hi = new long[asked];
		for (int q = 0; q < asked; q++) {
			// the k-th lowest score value is, in stored order, the k-th lowest on an asc
			// board and the k-th highest on a desc one
			long k = Math.max(1, (thousandths.get(q) * players + 999) / 1000);
			wanted[q] = (order == SortOrder.ASC) ? k : players - k + 1;
			lo[q] = lowest;
			hi[q] = highest;
		}
		// the smallest stored score with at least wanted[q] entries at most at it
		while (!settled(lo, hi)) {
			long[] mid = new long[asked];
			List<String> args = new ArrayList<>(asked);
			for (int q = 0; q < asked; q++) {
				mid[q] = lo[q] + (hi[q] - lo[q]) / 2;
				args.add(Long.toString(mid[q]));
			}
			List<List<?>> counts = eachShard(all,
					(keys) -> this.redis.execute(AT_MOST, List.of(keys.scores()), args.toArray()));
			for (int q = 0; q < asked; q++) {
				int at = q;
				long atMost = counts.stream()
					.filter((shard) -> shard.size() > 1)
					.mapToLong((shard) -> ((Number) shard.get(3 + at)).longValue())
					.sum();
				if (atMost >= wanted[q]) {
					hi[q] = mid[q];
				}
				else {
					lo[q] = mid[q] + 1;
				}
			}
		}
		List<Long> scores = new ArrayList<>(asked);
		for (int q = 0; q < asked; q++) {
			scores.add(order.score(lo[q]));
		}
		return new Stats(players, scores);
	}

	private static boolean settled(long[] lo, long[] hi) {
		for (int q = 0; q < lo.length; q++) {
			if (lo[q] < hi[q]) {
				return false;
			}
		}
		return true;
	}

	/** The entries strictly better than the pair a cursor names, over every shard. */
	private long betterThan(BoardShards shards, String period, Cursor cursor) {
		String stored = Long.toString(cursor.stored());
		String tie = tieOf(cursor.member());
		return eachShard(shards.all(period),
				(keys) -> ((Number) this.redis.execute(BETTER, List.of(keys.scores()), stored, tie).get(1)).longValue())
			.stream()
			.mapToLong(Long::longValue)
			.sum();
	}

	private Slice window(LeaderboardKeys keys, SortOrder order, int radius, Cursor at) {
		List<?> result = this.redis.execute(WINDOW, List.of(keys.scores(), keys.players()), Integer.toString(radius),
				Long.toString(at.stored()), at.member());
		return this.single.slice(at.period(), order, List.of(result.get(0), 0L, result.get(1), result.get(2)));
	}

	private static boolean samePair(Cursor one, Cursor other) {
		return one.stored() == other.stored() && tieOf(one.member()).equals(tieOf(other.member()));
	}

	/** The tie break a member starts with: '' on a plain board. */
	private static String tieOf(String member) {
		return member.substring(0, member.length() - Rankings.PLAIN_MEMBER_LENGTH);
	}

	/**
	 * Runs a read on every shard at once (the last on the calling thread) and answers in
	 * the shards' order. A failure of any shard fails the read as Redis reported it.
	 */
	<S, T> List<T> eachShard(List<S> shards, Function<S, T> read) {
		List<CompletableFuture<T>> others = new ArrayList<>(shards.size() - 1);
		for (S shard : shards.subList(0, shards.size() - 1)) {
			others.add(CompletableFuture.supplyAsync(() -> read.apply(shard), this.executor));
		}
		T last = read.apply(shards.get(shards.size() - 1));
		List<T> results = new ArrayList<>(shards.size());
		try {
			others.forEach((future) -> results.add(future.join()));
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
		results.add(last);
		return results;
	}

	private static Merged merge(List<Slice> slices) {
		List<Scored> players = new ArrayList<>();
		List<Cursor> cursors = new ArrayList<>();
		slices.forEach((slice) -> {
			players.addAll(slice.players());
			cursors.addAll(slice.cursors());
		});
		List<Integer> order = new ArrayList<>(players.size());
		for (int i = 0; i < players.size(); i++) {
			order.add(i);
		}
		order.sort(Comparator.comparing(cursors::get, REDIS_ORDER));
		return new Merged(players, cursors, order);
	}

	/** The shards' entries together, {@code order} listing them in ranking order. */
	private record Merged(List<Scored> players, List<Cursor> cursors, List<Integer> order) {

		List<Integer> first(int count) {
			return this.order.subList(0, Math.min(count, this.order.size()));
		}

		Cursor cursor(int index) {
			return this.cursors.get(index);
		}

		int indexOf(Cursor cursor) {
			for (int i = 0; i < this.order.size(); i++) {
				if (this.cursors.get(this.order.get(i)).member().equals(cursor.member())) {
					return i;
				}
			}
			throw new IllegalStateException("the player's own shard lists the player");
		}

		Slice slice(List<Integer> run, long better, long position) {
			return new Slice(run.stream().map(this.players::get).toList(), run.stream().map(this.cursors::get).toList(),
					better, position);
		}

	}

}
