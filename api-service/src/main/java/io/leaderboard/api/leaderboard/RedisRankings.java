package io.leaderboard.api.leaderboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.leaderboard.events.Cohorts;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Outcomes;
import io.leaderboard.events.PlayerDetails;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.Rankings.Scored;
import io.leaderboard.events.SortOrder;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Reads the projection the projection-worker keeps in Redis. Every read is one Lua call,
 * so one round trip, and sees one consistent state of the board. The ZSET holds visible
 * players only, ordered best first (see {@link Rankings}).
 */
@Component
class RedisRankings {

	/**
	 * Detail lookup shared by the scripts: user id of a member, without leading zeros.
	 */
	private static final String USER_ID = Rankings.BETTER_LUA + """
			local function user_id(member) return (string.gsub(string.sub(member, -19), '^0+', '')) end
			local function details(slice)
			  local ids = {}
			  for i = 1, #slice, 2 do ids[#ids + 1] = user_id(slice[i]) end
			  if #ids == 0 then return {} end
			  return redis.call('HMGET', KEYS[2], unpack(ids))
			end
			""";

	/**
	 * KEYS: scores, players. ARGV: limit + 1, then the cursor's stored score and member,
	 * or ''. The first entry after the cursor is found by binary search among the
	 * cursor's equal scores (ordered by member), so the cursor need not still exist.
	 * "Better than first" counts strictly better pairs of score and subscore. Returns
	 * {position, better than first, slice WITHSCORES, details}.
	 */
	private static final RedisScript<List> PAGE = RedisScript.of(USER_ID + """
			local start = 0
			if ARGV[2] ~= '' then
			  local lo = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[2])
			  local hi = redis.call('ZCOUNT', KEYS[1], '-inf', ARGV[2])
			  while lo < hi do
			    local mid = math.floor((lo + hi) / 2)
			    if redis.call('ZRANGE', KEYS[1], mid, mid)[1] <= ARGV[3] then lo = mid + 1 else hi = mid end
			  end
			  start = lo
			end
			local slice = redis.call('ZRANGE', KEYS[1], start, start + tonumber(ARGV[1]) - 1, 'WITHSCORES')
			local ahead = 0
			if #slice > 0 then ahead = better(KEYS[1], slice[2], tie_of(slice[1])) end
			return {start, ahead, slice, details(slice)}
			""", List.class);

	/**
	 * KEYS: scores, players, members. ARGV: user id, radius. Returns {} for a player
	 * without a visible entry, else {position of first, better than first, slice
	 * WITHSCORES, details}.
	 */
	private static final RedisScript<List> AROUND = RedisScript.of(USER_ID + """
			local member = redis.call('HGET', KEYS[3], ARGV[1])
			if not member then return {} end
			local position = redis.call('ZRANK', KEYS[1], member)
			if not position then return {} end
			local radius = tonumber(ARGV[2])
			local first = math.max(0, position - radius)
			local slice = redis.call('ZRANGE', KEYS[1], first, position + radius, 'WITHSCORES')
			return {first, better(KEYS[1], slice[2], tie_of(slice[1])), slice, details(slice)}
			""", List.class);

	/**
	 * KEYS: scores, players, members. ARGV: user ids. Returns, per player with a visible
	 * entry, {member, stored score, better, details}; with one id it is a player's
	 * standing, and the board's player count comes first.
	 */
	private static final RedisScript<List> PLAYERS = RedisScript.of(Rankings.BETTER_LUA + """
			local found = {redis.call('ZCARD', KEYS[1])}
			for i = 1, #ARGV do
			  local member = redis.call('HGET', KEYS[3], ARGV[i])
			  if member then
			    local stored = redis.call('ZSCORE', KEYS[1], member)
			    if stored then
			      found[#found + 1] = {member, stored, better(KEYS[1], stored, tie_of(member)),
			                           redis.call('HGET', KEYS[2], ARGV[i]) or ''}
			    end
			  end
			end
			return found
			""", List.class);

	/**
	 * KEYS: scores. ARGV: 1 for a desc board, then quantiles in thousandths. Nearest-rank
	 * quantiles of the score values: the k-th lowest score with k = ceil(q·n). Returns
	 * {n, stored score per quantile}.
	 */
	private static final RedisScript<List> STATS = RedisScript.of("""
			local n = redis.call('ZCARD', KEYS[1])
			local result = {n}
			if n == 0 then return result end
			for i = 2, #ARGV do
			  local k = math.floor((tonumber(ARGV[i]) * n + 999) / 1000) - 1
			  if k < 0 then k = 0 end
			  local index = k
			  if ARGV[1] == '1' then index = n - 1 - k end
			  result[#result + 1] = redis.call('ZRANGE', KEYS[1], index, index, 'WITHSCORES')[2]
			end
			return result
			""", List.class);

	/**
	 * KEYS: cohorts, cohort-of, members, scores, players. ARGV: user id. Returns {} for a
	 * player in no cohort, else {cohort, players placed in it, members, stored scores,
	 * details} of its visible players, unordered.
	 */
	private static final RedisScript<List> COHORT = RedisScript.of(Cohorts.COHORT_LUA + """
			local cohort = redis.call('HGET', KEYS[2], ARGV[1])
			if not cohort then return {} end
			local users, found, stored = cohort_entries(KEYS[1], KEYS[3], KEYS[4], cohort)
			local details = {}
			if #users > 0 then details = redis.call('HMGET', KEYS[5], unpack(users)) end
			local size = redis.call('ZLEXCOUNT', KEYS[1], '[' .. cohort .. '/', '(' .. cohort .. '0')
			return {cohort, size, found, stored, details}
			""", List.class);

	/**
	 * KEYS: cohorts, cohort-of, members, scores. ARGV: user id. Returns {} for a player
	 * in no cohort or without a visible entry, else {cohort, rank in it, its visible
	 * players}.
	 */
	private static final RedisScript<List> COHORT_STANDING = RedisScript
		.of(Rankings.BETTER_LUA + Cohorts.COHORT_LUA + """
				local cohort = redis.call('HGET', KEYS[2], ARGV[1])
				if not cohort then return {} end
				local member = redis.call('HGET', KEYS[3], ARGV[1])
				local stored = member and redis.call('ZSCORE', KEYS[4], member)
				if not stored then return {} end
				local rank, ranked = cohort_rank(KEYS[1], KEYS[3], KEYS[4], cohort, stored, tie_of(member))
				return {cohort, rank, ranked}
				""", List.class);

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	RedisRankings(StringRedisTemplate redis, EventCodec codec) {
		this.redis = redis;
		this.codec = codec;
	}

	/** Up to {@code count} entries after the cursor (from the top without one). */
	Slice page(LeaderboardKeys keys, SortOrder order, int count, Cursor after) {
		List<?> result = this.redis.execute(PAGE, List.of(keys.scores(), keys.players()), Integer.toString(count),
				(after != null) ? Long.toString(after.stored()) : "", (after != null) ? after.member() : "");
		return slice(keys.period(), order, result);
	}

	Optional<Slice> around(LeaderboardKeys keys, SortOrder order, long userId, int radius) {
		List<?> result = this.redis.execute(AROUND, List.of(keys.scores(), keys.players(), keys.members()),
				Long.toString(userId), Integer.toString(radius));
		return (result == null || result.isEmpty()) ? Optional.empty()
				: Optional.of(slice(keys.period(), order, result));
	}

	/** A player's entry and the number of visible players, if the player is visible. */
	Optional<Found> player(LeaderboardKeys keys, SortOrder order, long userId) {
		Players found = players(keys, order, List.of(userId));
		return found.entries().stream().findFirst().map((entry) -> new Found(entry, found.total()));
	}

	/** The visible ones of the players, in ranking order. */
	Players players(LeaderboardKeys keys, SortOrder order, List<Long> userIds) {
		List<?> result = this.redis.execute(PLAYERS, List.of(keys.scores(), keys.players(), keys.members()),
				userIds.stream().map(String::valueOf).toArray());
		List<Ranked> entries = new ArrayList<>();
		for (Object item : result.subList(1, result.size())) {
			List<?> row = (List<?>) item;
			String member = row.get(0).toString();
			long stored = Rankings.redisScore(row.get(1));
			PlayerDetails details = Rankings.details(row.get(3), this.codec);
			LeaderboardEntry entry = new LeaderboardEntry(1 + ((Number) row.get(2)).longValue(),
					Rankings.userId(member), details.nickName(), order.score(stored), Rankings.subscore(member),
					details.updatedAt(), details.metadata());
			entries.add(new Ranked(entry, new Cursor(keys.period(), stored, member), details.gamesPlayed(),
					details.outcomes()));
		}
		entries.sort(Comparator.comparingLong((Ranked ranked) -> ranked.cursor().stored())
			.thenComparing((ranked) -> ranked.cursor().member()));
		return new Players(entries, ((Number) result.get(0)).longValue());
	}

	/**
	 * The player's cohort ranked within itself, if the projection has placed the player.
	 */
	Optional<CohortRanking> cohort(LeaderboardKeys keys, SortOrder sortOrder, long userId) {
		List<?> result = this.redis.execute(COHORT,
				List.of(keys.cohorts(), keys.cohortOf(), keys.members(), keys.scores(), keys.players()),
				Long.toString(userId));
		if (result == null || result.isEmpty()) {
			return Optional.empty();
		}
		List<?> members = (List<?>) result.get(2);
		List<?> stored = (List<?>) result.get(3);
		List<?> details = (List<?>) result.get(4);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < members.size(); i++) {
			order.add(i);
		}
		order.sort(Comparator.comparingLong((Integer i) -> Rankings.redisScore(stored.get(i)))
			.thenComparing((i) -> members.get(i).toString()));
		List<Scored> players = new ArrayList<>(members.size());
		for (int i : order) {
			PlayerDetails player = Rankings.details(details.get(i), this.codec);
			String member = members.get(i).toString();
			players.add(new Scored(Rankings.userId(member), player.nickName(),
					sortOrder.score(Rankings.redisScore(stored.get(i))), Rankings.subscore(member), player.updatedAt(),
					player.metadata()));
		}
		return Optional.of(new CohortRanking(result.get(0).toString(), ((Number) result.get(1)).longValue(),
				Rankings.fromTop(players)));
	}

	/** The player's cohort, rank in it and its visible players, if placed and visible. */
	Optional<CohortStanding> cohortStanding(LeaderboardKeys keys, long userId) {
		List<?> result = this.redis.execute(COHORT_STANDING,
				List.of(keys.cohorts(), keys.cohortOf(), keys.members(), keys.scores()), Long.toString(userId));
		return (result == null || result.isEmpty()) ? Optional.empty()
				: Optional.of(new CohortStanding(result.get(0).toString(), ((Number) result.get(1)).longValue(),
						((Number) result.get(2)).longValue()));
	}

	/** The number of visible players and the scores at the quantiles (thousandths). */
	Stats stats(LeaderboardKeys keys, SortOrder order, List<Integer> thousandths) {
		List<Object> args = new ArrayList<>();
		args.add((order == SortOrder.DESC) ? "1" : "0");
		thousandths.forEach((q) -> args.add(q.toString()));
		List<?> result = this.redis.execute(STATS, List.of(keys.scores()), args.toArray());
		List<Long> scores = result.subList(1, result.size())
			.stream()
			.map((stored) -> order.score(Rankings.redisScore(stored)))
			.toList();
		return new Stats(((Number) result.get(0)).longValue(), scores);
	}

	/** A script's {position, better than first, slice WITHSCORES, details} as a slice. */
	Slice slice(String period, SortOrder order, List<?> result) {
		List<?> withScores = (List<?>) result.get(2);
		List<Scored> players = Rankings.scored(withScores, (List<?>) result.get(3), order, this.codec);
		List<Cursor> cursors = new ArrayList<>(players.size());
		for (int i = 0; i < players.size(); i++) {
			cursors.add(new Cursor(period, Rankings.redisScore(withScores.get(2 * i + 1)),
					withScores.get(2 * i).toString()));
		}
		return new Slice(players, cursors, ((Number) result.get(1)).longValue(), ((Number) result.get(0)).longValue());
	}

	/**
	 * An entry with its place in the order and the player's games played and their
	 * outcomes.
	 */
	record Ranked(LeaderboardEntry entry, Cursor cursor, long gamesPlayed, Outcomes outcomes) {

	}

	record Players(List<Ranked> entries, long total) {

	}

	record Found(Ranked entry, long total) {

	}

	record Stats(long players, List<Long> scores) {

	}

	/**
	 * A cohort ranked within itself: {@code size} players placed in it, the visible ones
	 * in {@code entries}.
	 */
	record CohortRanking(String cohort, long size, List<LeaderboardEntry> entries) {

	}

	/** A player's cohort, their rank in it and how many of its players are ranked. */
	record CohortStanding(String cohort, long rank, long ranked) {

	}

}
