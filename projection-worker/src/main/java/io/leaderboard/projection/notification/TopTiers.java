package io.leaderboard.projection.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.leaderboard.events.Boards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.SortOrder;
import io.leaderboard.events.Tier;
import io.leaderboard.projection.layout.BoardLayouts;
import tools.jackson.databind.JsonNode;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Gives a streamed top the tiers that the api-service's reads show, so spectators and
 * readers see the same entries. The board's tiers come from the definitions the
 * api-service mirrors into Redis ({@link Boards#DEFINITIONS_KEY}), kept here for a few
 * seconds; a board with cohorts ranks tiers within each cohort, which its top does not
 * show, so its top has none.
 */
@Component
class TopTiers {

	/** As long as the api-service takes to see a changed definition. */
	private static final Duration KEPT = Duration.ofSeconds(2);

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	private final Map<String, Known> known = new ConcurrentHashMap<>();

	private final BoardLayouts layouts;

	TopTiers(StringRedisTemplate redis, EventCodec codec, BoardLayouts layouts) {
		this.redis = redis;
		this.codec = codec;
		this.layouts = layouts;
	}

	/** The top with each entry's tier; unchanged on a board without tiers. */
	List<LeaderboardEntry> of(String board, String period, SortOrder order, List<LeaderboardEntry> top) {
		List<Tier> tiers = tiers(board);
		if (tiers.isEmpty() || top.isEmpty()) {
			return top;
		}
		long players = players(board, period);
		return top.stream()
			.map((entry) -> entry
				.withTier(Tier.of(tiers, entry.rank(), Math.max(players, entry.rank()), entry.score(), order)))
			.toList();
	}

	/** The visible players of every shard: a sharded board's tiers span all of them. */
	private long players(String board, String period) {
		long players = 0;
		for (LeaderboardKeys keys : this.layouts.of(board).all(period)) {
			Long ranked = this.redis.opsForZSet().zCard(keys.scores());
			players += (ranked != null) ? ranked : 0;
		}
		return players;
	}

	private List<Tier> tiers(String board) {
		Instant now = Instant.now();
		Known cached = this.known.get(board);
		if (cached != null && now.isBefore(cached.until())) {
			return cached.tiers();
		}
		Object json = this.redis.opsForHash().get(Boards.DEFINITIONS_KEY, board);
		List<Tier> tiers = (json != null) ? parse(json.toString()) : List.of();
		this.known.put(board, new Known(tiers, now.plus(KEPT)));
		return tiers;
	}

	private List<Tier> parse(String definition) {
		JsonNode board = this.codec.tree(definition);
		JsonNode cohortSize = board.get("cohortSize");
		JsonNode listed = board.get("tiers");
		if ((cohortSize != null && !cohortSize.isNull()) || listed == null || !listed.isArray()) {
			return List.of();
		}
		List<Tier> tiers = new ArrayList<>();
		for (JsonNode tier : listed) {
			tiers.add(new Tier(tier.get("name").asString(),
					number(tier, "topPercent") ? tier.get("topPercent").asDouble() : null,
					number(tier, "topRank") ? tier.get("topRank").asLong() : null,
					number(tier, "minScore") ? tier.get("minScore").asLong() : null));
		}
		return tiers;
	}

	private static boolean number(JsonNode tier, String field) {
		return tier.get(field) != null && tier.get(field).isNumber();
	}

	private record Known(List<Tier> tiers, Instant until) {

	}

}
