package io.leaderboard.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rank rule, for every reader: competition ranks ("1224"), 1 + the number of
 * players with a strictly higher score, so tied players share a rank and a player has the
 * same rank wherever it is read.
 */
public final class Rankings {

	/**
	 * Reads the top {@code ARGV[1]} of a board with player details in one round trip.
	 * KEYS: {@link LeaderboardKeys#scores()}, {@link LeaderboardKeys#players()}. Returns
	 * the ZREVRANGE WITHSCORES reply and the HMGET reply, for {@link #fromRedis}.
	 */
	public static final String TOP_WITH_DETAILS_LUA = """
			local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
			local ids = {}
			for i = 1, #top, 2 do ids[#ids + 1] = top[i] end
			local details = {}
			if #ids > 0 then details = redis.call('HMGET', KEYS[2], unpack(ids)) end
			return {top, details}
			""";

	private Rankings() {
	}

	/** Ranks players listed from the very top of a board, by score descending. */
	public static List<LeaderboardEntry> fromTop(List<Scored> players) {
		List<LeaderboardEntry> entries = new ArrayList<>(players.size());
		long rank = 0;
		for (int i = 0; i < players.size(); i++) {
			Scored player = players.get(i);
			if (i == 0 || player.score() != players.get(i - 1).score()) {
				rank = i + 1;
			}
			entries.add(
					new LeaderboardEntry(rank, player.userId(), player.nickName(), player.score(), player.updatedAt()));
		}
		return entries;
	}

	/**
	 * Ranks a top read with {@link #TOP_WITH_DETAILS_LUA}: member/score pairs and the
	 * matching player details.
	 */
	public static List<LeaderboardEntry> fromRedis(List<?> withScores, List<?> details, EventCodec codec) {
		List<Scored> players = new ArrayList<>(details.size());
		for (int i = 0; i < details.size(); i++) {
			PlayerDetails player = details(details.get(i), codec);
			players.add(new Scored(Long.parseLong(withScores.get(2 * i).toString()), player.nickName(),
					redisScore(withScores.get(2 * i + 1)), player.updatedAt()));
		}
		return fromTop(players);
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
				: new PlayerDetails("", null);
	}

	/** A player and score as a source lists them, before ranks are assigned. */
	public record Scored(long userId, String nickName, long score, Instant updatedAt) {

	}

}
