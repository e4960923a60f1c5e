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
			for i = 1, #top, 2 do ids[#ids + 1] = (string.gsub(string.sub(top[i], 17), '^0+', '')) end
			local details = {}
			if #ids > 0 then details = redis.call('HMGET', KEYS[2], unpack(ids)) end
			return {top, details}
			""";

	private static final int TIME_DIGITS = 16;

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

	public static long userId(String member) {
		return Long.parseLong(member.substring(TIME_DIGITS));
	}

	public static Instant reachedAt(String member) {
		return Instant.EPOCH.plus(Long.parseLong(member.substring(0, TIME_DIGITS)), ChronoUnit.MICROS);
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
			else if (player.score() != players.get(i - 1).score()) {
				// everyone listed before it is strictly better
				rank = firstPosition + i + 1;
			}
			entries.add(new LeaderboardEntry(rank, player.userId(), player.nickName(), player.score(),
					player.updatedAt(), player.metadata()));
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
			players.add(new Scored(userId(member), player.nickName(),
					order.score(redisScore(withScores.get(2 * i + 1))), player.updatedAt(), player.metadata()));
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
			else if (previous.rank() != entry.rank() || previous.score() != entry.score()) {
				changes.add(new RankChange(entry.userId(), entry.nickName(), previous.rank(), entry.rank(),
						previous.score(), entry.score()));
			}
		}
		old.values()
			.forEach((left) -> changes
				.add(new RankChange(left.userId(), left.nickName(), left.rank(), null, left.score(), null)));
		return changes;
	}

	/** A player and score as a source lists them, before ranks are assigned. */
	public record Scored(long userId, String nickName, long score, Instant updatedAt, JsonNode metadata) {

		public Scored {
			metadata = Metadata.orNull(metadata);
			Objects.requireNonNull(nickName, "nickName");
		}

	}

}
