package io.leaderboard.projection.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.projection.rebuild.ProjectionSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drops from Redis the closed periods that are no longer among their board's hot ones.
 * api-service decides which those are when it closes a period (it clears
 * {@code closed_periods.hot} on the older ones, in the closing transaction) and answers
 * their reads from the frozen results from then on; this, the projection's one writer,
 * removes their keys. Rebuilds and reconciliation leave such periods out, and a period
 * written again later (a correction) is dropped again by the next pass. Each pass also
 * counts the entries Redis holds, for {@code leaderboard.projection.entries}.
 */
@Component
class ColdPeriodEviction {

	private static final Logger logger = LoggerFactory.getLogger(ColdPeriodEviction.class);

	private final ProjectionSource source;

	private final StringRedisTemplate redis;

	private final AtomicLong entries = new AtomicLong();

	ColdPeriodEviction(ProjectionSource source, StringRedisTemplate redis, MeterRegistry meters) {
		this.source = source;
		this.redis = redis;
		Gauge.builder("leaderboard.projection.entries", this.entries, AtomicLong::get)
			.description("Entries (visible and hidden players of every board period) the projection holds in Redis")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${leaderboard.periods.eviction-interval:30s}",
			initialDelayString = "${leaderboard.periods.eviction-interval:30s}")
	void scheduledPass() {
		try {
			evict();
			count();
		}
		catch (DataAccessException ex) {
			// the next pass tries again
			logger.warn("Cannot drop the cold periods from Redis yet: {}", ex.getMessage());
		}
	}

	/**
	 * Removes the keys of every cold period Redis still holds: of each shard of a sharded
	 * board, and the board's own (its cached top) with them.
	 * @return the periods dropped
	 */
	List<LeaderboardKeys> evict() {
		List<LeaderboardKeys> dropped = new ArrayList<>();
		Map<String, BoardShards> layouts = layouts();
		for (LeaderboardKeys keys : this.source.coldPeriods()) {
			BoardShards shards = layouts.getOrDefault(keys.board(), BoardShards.single(keys.board()));
			boolean held = false;
			for (LeaderboardKeys shard : shards.all(keys.period())) {
				held |= evict(shard);
			}
			// a sharded board's cached top is written after a look at its shards'
			// periods,
			// not atomically with it: one written meanwhile goes on a later pass
			if (shards.sharded() && (held || Boolean.TRUE.equals(this.redis.hasKey(keys.top())))) {
				this.redis.unlink(periodKeys(keys));
				held = true;
			}
			if (held) {
				dropped.add(keys);
				logger.info("Closed period {} of board {} left Redis; its reads come from its frozen results",
						keys.period(), keys.board());
			}
		}
		return dropped;
	}

	/**
	 * @return whether Redis held the period in this set of keys
	 */
	private boolean evict(LeaderboardKeys keys) {
		// out of the set first: the notifier then stops caching the period's top, so
		// nothing writes its keys again once they are gone; keys left by a pass that
		// stopped in between are found by the scores that remain
		Long removed = this.redis.opsForSet().remove(keys.periods(), keys.period());
		if ((removed != null && removed > 0) || Boolean.TRUE.equals(this.redis.hasKey(keys.scores()))) {
			this.redis.unlink(periodKeys(keys));
			return true;
		}
		return false;
	}

	/** Counts the entries of every period Redis holds, over every shard. */
	long count() {
		long total = 0;
		for (BoardShards shards : this.source.boards()) {
			for (LeaderboardKeys shard : shards.all("")) {
				Set<String> periods = this.redis.opsForSet().members(shard.periods());
				for (String period : (periods != null) ? periods : Set.<String>of()) {
					LeaderboardKeys keys = LeaderboardKeys.of(shard.board(), period);
					total += size(this.redis.opsForZSet().zCard(keys.scores()))
							+ size(this.redis.opsForZSet().zCard(keys.hiddenScores()));
				}
			}
		}
		this.entries.set(total);
		return total;
	}

	private Map<String, BoardShards> layouts() {
		return this.source.boards().stream().collect(Collectors.toMap(BoardShards::board, Function.identity()));
	}

	private static long size(Long count) {
		return (count != null) ? count : 0;
	}

	private static List<String> periodKeys(LeaderboardKeys keys) {
		List<String> live = List.of(keys.scores(), keys.hiddenScores(), keys.members(), keys.players(),
				keys.versions());
		List<String> all = new ArrayList<>(live);
		live.forEach((key) -> all.add(LeaderboardKeys.staged(key)));
		all.addAll(List.of(keys.top(), keys.generation(), keys.rebuilding(), keys.moderatedDuringRebuild(),
				keys.cohorts(), keys.cohortOf()));
		return all;
	}

}
