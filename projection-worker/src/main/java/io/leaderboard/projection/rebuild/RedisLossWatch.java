package io.leaderboard.projection.rebuild;

import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.projection.rebuild.BoardRebuilder.Rebuild;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Notices that Redis lost the projection (a flush, a restart without persistence, a new
 * empty instance) by the absence of the sentinel a complete rebuild writes (on each
 * primary of a Redis Cluster), and rebuilds from PostgreSQL. On a cluster it also notices
 * a change of primaries (a failover, a reshard): a replica promoted in a failover may
 * lack the last writes its primary acknowledged, so the projection is reconciled with
 * PostgreSQL and what drifted is rebuilt. Looks once before the Kafka listeners start,
 * then every {@code leaderboard.rebuild.check-interval}. Redis or PostgreSQL being away
 * only postpones the rebuild to a later look.
 */
@Component
class RedisLossWatch implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RedisLossWatch.class);

	private final StringRedisTemplate redis;

	private final BoardRebuilder rebuilder;

	private final ProjectionShards shards;

	private final Reconciler reconciler;

	private volatile boolean running;

	/**
	 * The primaries the projection was last known whole on; null before the first look.
	 */
	private volatile Set<String> primaries;

	private volatile String lastProblem;

	RedisLossWatch(StringRedisTemplate redis, BoardRebuilder rebuilder, ProjectionShards shards,
			Reconciler reconciler) {
		this.redis = redis;
		this.rebuilder = rebuilder;
		this.shards = shards;
		this.reconciler = reconciler;
	}

	@Scheduled(fixedDelayString = "${leaderboard.rebuild.check-interval}",
			initialDelayString = "${leaderboard.rebuild.check-interval}")
	synchronized void check() {
		if (!this.running) {
			return;
		}
		try {
			Map<String, String> sentinels = this.shards.sentinels();
			if (!sentinels.values().stream().allMatch((key) -> Boolean.TRUE.equals(this.redis.hasKey(key)))) {
				logger.warn("Redis does not hold the projection (no sentinel): rebuilding from PostgreSQL");
				Rebuild rebuild = this.rebuilder.rebuildAll("redis-data-loss");
				if (!rebuild.started()) {
					logger.info("Not rebuilding here: {}", rebuild.reason());
				}
			}
			else if (this.primaries != null && !this.primaries.equals(sentinels.keySet())) {
				logger.warn("The Redis Cluster's primaries changed ({} became {}): reconciling with PostgreSQL",
						this.primaries, sentinels.keySet());
				Reconciler.Report report = this.reconciler.repair();
				logger.info("Reconciled after the change of primaries: {} entries drift", report.drift());
			}
			this.primaries = sentinels.keySet();
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
