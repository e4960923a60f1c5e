package io.leaderboard.projection.rebuild;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.projection.rebuild.BoardRebuilder.Rebuild;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Notices that Redis lost the projection (a flush, a restart without persistence, a new
 * empty instance) by the absence of the sentinel a complete rebuild writes, and rebuilds
 * from PostgreSQL. Looks once before the Kafka listeners start, then every
 * {@code leaderboard.rebuild.check-interval}. Redis or PostgreSQL being away only
 * postpones the rebuild to a later look.
 */
@Component
class RedisLossWatch implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RedisLossWatch.class);

	private final StringRedisTemplate redis;

	private final BoardRebuilder rebuilder;

	private volatile boolean running;

	private volatile String lastProblem;

	RedisLossWatch(StringRedisTemplate redis, BoardRebuilder rebuilder) {
		this.redis = redis;
		this.rebuilder = rebuilder;
	}

	@Scheduled(fixedDelayString = "${leaderboard.rebuild.check-interval}",
			initialDelayString = "${leaderboard.rebuild.check-interval}")
	void check() {
		if (!this.running) {
			return;
		}
		try {
			if (Boolean.TRUE.equals(this.redis.hasKey(LeaderboardKeys.projectionSentinel()))) {
				this.lastProblem = null;
				return;
			}
			logger.warn("Redis does not hold the projection (no sentinel): rebuilding from PostgreSQL");
			Rebuild rebuild = this.rebuilder.rebuildAll("redis-data-loss");
			if (!rebuild.started()) {
				logger.info("Not rebuilding here: {}", rebuild.reason());
			}
			this.lastProblem = null;
		}
		catch (DataAccessException ex) {
			// one line per distinct problem: an outage must not flood the log
			if (!String.valueOf(ex.getMessage()).equals(this.lastProblem)) {
				logger.warn("Cannot check or rebuild the projection yet: {}", ex.getMessage());
				this.lastProblem = String.valueOf(ex.getMessage());
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
		check();
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Before the Kafka listener containers, which start in the last phases. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1000;
	}

}
