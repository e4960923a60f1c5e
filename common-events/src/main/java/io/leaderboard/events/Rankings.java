package io.leaderboard.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * The one rank rule, for every reader: competition ranks ("1224"), 1 + the number of
 * visible players with a strictly better score, so tied players share a rank and a player
 * has the same rank wherever it is read. Among equal scores the player who reached the
 * score first is listed first.
 *
 * <p>
 * Both orders live in Redis: the ZSET score is {@link SortOrder#stored} (lower is better
 * for every board) and the member is {@link #member}, the time the score was reached and
 * the user id as fixed-width digits, so Redis's own order of equal scores (by member) is
 * the order of arrival.
 *
 * <p>
 * On a board with a tie-break subscore, entries order by the pair (score, subscore) and
 * only equal pairs share a rank. The member then starts with {@link #tieBreak}: the
 * subscore's order as one letter and the subscore as it sorts, shifted to 17 non-negative
 * digits, so byte order among equal scores is the subscore's order, exact for every
 * subscore of ±(2^53 − 1). The ZSET score stays the exact score: no two integers are
 * packed into one double. The user id is always the last 19 digits and the time the 16
 * before them, whatever the member starts with.
 */
public final class Rankings {

	/**
	 * Reads the top {@code ARGV[1]} of a board with player details in one round trip.
	 * KEYS: {@link LeaderboardKeys#scores()}, {@link LeaderboardKeys#players()}. Returns
	 * the ZRANGE WITHSCORES reply and the HMGET reply, for {@link #fromRedis}.
	 */
	public static final String TOP_WITH_DETAILS_LUA = """
			local top = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
			local ids = {}
			for i = 1, #top, 2 do ids[#ids + 1] = (string.gsub(string.sub(top[i], -19), '^0+', '')) end
			local details = {}
			if #ids > 0 then details = redis.call('HMGET', KEYS[2], unpack(ids)) end
			return {top, details}
			""";

	/**
	 * Defines {@code better(key, stored, tie)}: how many members of the ZSET {@code key}
	 * rank strictly better than the pair of the stored score {@code stored} and the tie
	 * break prefix {@code tie} ('' on a plain board: then it is one ZCOUNT). Equal scores
	 * are ordered by member, so among them the first whose prefix is not below
	 * {@code tie} is found by binary search over its index range: O(log² n), one call.
	 * And {@code tie_of(member)}, a member's prefix.
	 */
	public static final String BETTER_LUA = """
			local function tie_of(member) return string.sub(member, 1, #member - 35) end
			local function better(key, stored, tie)
			  local lo = redis.call('ZCOUNT', key, '-inf', '(' .. stored)
			  if tie == '' then return lo end
			  local hi = redis.call('ZCOUNT', key, '-inf', stored)
			  local width = #tie
			  while lo < hi do
			    local mid = math.floor((lo + hi) / 2)
			    if string.sub(redis.call('ZRANGE', key, mid, mid)[1], 1, width) < tie then lo = mid + 1 else hi = mid end
			  end
			  return lo
			end
			""";

	/** The length of a plain board's member: 16 digits of time, 19 of user id. */
	public static final int PLAIN_MEMBER_LENGTH = 35;

	private static final int USER_DIGITS = 19;

	/** Shifts a stored subscore of ±(2^53 − 1) to 0..2^54 − 2: 17 digits at most. */
	private static final long SUBSCORE_SHIFT = ScoreChanged.MAX_SAFE_SCORE;

	private Rankings() {
	}

	/**
	 * The ZSET member of a player: microseconds since the epoch (16 digits) then the user
	 * id (19 digits). Digits only and fixed width, so byte order is arrival order.
	 */
	public static String member(Instant reachedAt, long userId) {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, reachedAt);
		return String.format("%016d%019d", micros, userId);
	}

	/** The member of an entry on a board with a subscore: {@link #tieBreak} first. */
	public static String member(String tieBreak, Instant reachedAt, long userId) {
		return tieBreak + member(reachedAt, userId);
	}

	/**
	 * The prefix that orders equal scores by subscore: {@code a} or {@code d} (the
	 * subscore's order, so the member alone tells the subscore) then the subscore as it
	 * sorts (negated when higher is better) plus 2^53 − 1, as 17 digits. '' on a plain
	 * board.
	 * @param subscoreOrder the board's subscore order, null for a plain board
	 */
	public static String tieBreak(SortOrder subscoreOrder, Long subscore) {
		if (subscoreOrder == null) {
			return "";
		}
		return tieBreakOfStored(subscoreOrder, subscoreOrder.stored((subscore != null) ? subscore : 0));
	}

	/** As {@link #tieBreak} from the subscore as it sorts ({@code rank_subscore}). */
	public static String tieBreakOfStored(SortOrder subscoreOrder, long storedSubscore) {
		if (Math.abs(storedSubscore) > ScoreChanged.MAX_SAFE_SCORE) {
			throw new IllegalArgumentException("subscore out of range: " + storedSubscore);
		}
		return ((subscoreOrder == SortOrder.ASC) ? "a" : "d") + String.format("%017d", storedSubscore + SUBSCORE_SHIFT);
	}

	public static long userId(String member) {
		return Long.parseLong(member.substring(member.length() - USER_DIGITS));
	}

	public static Instant reachedAt(String member) {
		int end = member.length() - USER_DIGITS;
		return Instant.EPOCH.plus(Long.parseLong(member.substring(end - 16, end)), ChronoUnit.MICROS);
	}

	/** The subscore a member carries, null on a plain board. */
	public static Long subscore(String member) {
		if (member.length() == PLAIN_MEMBER_LENGTH) {
			return null;
		}
		long stored = storedSubscore(member);
		return (member.charAt(0) == 'a') ? stored : -stored;
	}

	/** The subscore as it sorts (lower is better), 0 on a plain board. */
	public static long storedSubscore(String member) {
		if (member.length() == PLAIN_MEMBER_LENGTH) {
			return 0;
		}
		return Long.parseLong(member.substring(1, member.length() - PLAIN_MEMBER_LENGTH)) - SUBSCORE_SHIFT;
	}

	/**
	 * Ranks a contiguous slice of a ranking.
	 * @param players the slice, best first
	 * @param betterThanFirst how many visible players rank strictly better than the first
	 * of the slice
	 * @param firstPosition the 0-based position of the first of the slice
	 */
	public static List<LeaderboardEntry> rank(List<Scored> players, long betterThanFirst, long firstPosition) {
		List<LeaderboardEntry> entries = new ArrayList<>(players.size());
		long rank = 0;
		for (int i = 0; i < players.size(); i++) {
			Scored player = players.get(i);
			if (i == 0) {
				rank = betterThanFirst + 1;
			}
			else if (!player.ties(players.get(i - 1))) {
				// everyone listed before it is strictly better
				rank = firstPosition + i + 1;
			}
			entries.add(new LeaderboardEntry(rank, player.userId(), player.nickName(), player.score(),
					player.subscore(), player.updatedAt(), player.metadata()));
		}
		return entries;
	}

	/** Ranks players listed from the very top of a board. */
	public static List<LeaderboardEntry> fromTop(List<Scored> players) {
		return rank(players, 0, 0);
	}

	/**
	 * Ranks a top read with {@link #TOP_WITH_DETAILS_LUA}: member/score pairs and the
	 * matching player details.
	 */
	public static List<LeaderboardEntry> fromRedis(List<?> withScores, List<?> details, SortOrder order,
			EventCodec codec) {
		return fromTop(scored(withScores, details, order, codec));
	}

	/** Pairs a ZRANGE WITHSCORES reply with the matching HMGET reply of details. */
	public static List<Scored> scored(List<?> withScores, List<?> details, SortOrder order, EventCodec codec) {
		List<Scored> players = new ArrayList<>(details.size());
		for (int i = 0; i < details.size(); i++) {
			PlayerDetails player = details(details.get(i), codec);
			String member = withScores.get(2 * i).toString();
			players
				.add(new Scored(userId(member), player.nickName(), order.score(redisScore(withScores.get(2 * i + 1))),
						subscore(member), player.updatedAt(), player.metadata()));
		}
		return players;
	}

	/**
	 * Redis prints doubles in their shortest form ("1e+15"); every valid score fits a
	 * double exactly.
	 */
	public static long redisScore(Object value) {
		return (long) Double.parseDouble(value.toString());
	}

	/**
	 * A member without details can only be mid-rebuild: it is shown nameless rather than
	 * failing the read.
	 */
	public static PlayerDetails details(Object json, EventCodec codec) {
		return (json instanceof String text && !text.isEmpty()) ? codec.playerDetails(text)
				: new PlayerDetails("", null, 0, null, null);
	}

	/**
	 * How players moved between two tops: every player whose rank or score differs, in
	 * the new top's order, then those who left it.
	 */
	public static List<RankChange> changes(List<LeaderboardEntry> before, List<LeaderboardEntry> after) {
		Map<Long, LeaderboardEntry> old = new LinkedHashMap<>();
		before.forEach((entry) -> old.put(entry.userId(), entry));
		List<RankChange> changes = new ArrayList<>();
		for (LeaderboardEntry entry : after) {
			LeaderboardEntry previous = old.remove(entry.userId());
			if (previous == null) {
				changes.add(new RankChange(entry.userId(), entry.nickName(), null, entry.rank(), null, entry.score()));
			}
			else if (previous.rank() != entry.rank() || previous.score() != entry.score()
					|| !Objects.equals(previous.subscore(), entry.subscore())) {
				changes.add(new RankChange(entry.userId(), entry.nickName(), previous.rank(), entry.rank(),
						previous.score(), entry.score()));
			}
		}
		old.values()
			.forEach((left) -> changes
				.add(new RankChange(left.userId(), left.nickName(), left.rank(), null, left.score(), null)));
		return changes;
	}

	/**
	 * A player and score as a source lists them, before ranks are assigned.
	 *
	 * @param subscore the tie-break subscore, null on a plain board
	 */
	public record Scored(long userId, String nickName, long score, Long subscore, Instant updatedAt,
			JsonNode metadata) {

		public Scored {
			metadata = Metadata.orNull(metadata);
			Objects.requireNonNull(nickName, "nickName");
		}

		/** Whether the two share a rank: equal scores and equal subscores. */
		boolean ties(Scored other) {
			return this.score == other.score && Objects.equals(this.subscore, other.subscore);
		}

	}

}
