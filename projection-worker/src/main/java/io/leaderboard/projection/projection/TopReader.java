package io.leaderboard.projection.projection;

import java.util.ArrayList;
import java.util.List;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerDetails;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/** Reads a board's top with player details in one round trip, and ranks it. */
@Component
public class TopReader {

	private static final RedisScript<List> TOP = RedisScript.of("""
			local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
			local ids = {}
			for i = 1, #top, 2 do ids[#ids + 1] = top[i] end
			local details = {}
			if #ids > 0 then details = redis.call('HMGET', KEYS[2], unpack(ids)) end
			return {top, details}
			""", List.class);

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	TopReader(StringRedisTemplate redis, EventCodec codec) {
		this.redis = redis;
		this.codec = codec;
	}

	public List<LeaderboardEntry> top(String board, int size) {
		LeaderboardKeys keys = LeaderboardKeys.of(board);
		List<?> result = this.redis.execute(TOP, List.of(keys.scores(), keys.players()), Integer.toString(size));
		return toEntries((List<?>) result.get(0), (List<?>) result.get(1), this.codec);
	}

	/**
	 * Competition ranks over ZREVRANGE WITHSCORES output: 1 + the number of strictly
	 * higher scores, so ties share a rank.
	 */
	static List<LeaderboardEntry> toEntries(List<?> scores, List<?> details, EventCodec codec) {
		List<LeaderboardEntry> entries = new ArrayList<>(details.size());
		long rank = 0;
		long previous = 0;
		for (int i = 0; i < details.size(); i++) {
			long userId = Long.parseLong(scores.get(2 * i).toString());
			// Redis prints doubles in their shortest form ("1e+15"); every score fits a
			// double exactly
			long score = (long) Double.parseDouble(scores.get(2 * i + 1).toString());
			if (i == 0 || score != previous) {
				rank = i + 1;
			}
			previous = score;
			Object json = details.get(i);
			PlayerDetails player = (json instanceof String text && !text.isEmpty()) ? codec.playerDetails(text)
					: new PlayerDetails("", null);
			entries.add(new LeaderboardEntry(rank, userId, player.nickName(), score, player.updatedAt()));
		}
		return entries;
	}

}
