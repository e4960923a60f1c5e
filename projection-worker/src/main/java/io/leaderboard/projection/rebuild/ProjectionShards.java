package io.leaderboard.projection.rebuild;

import java.util.Map;
import java.util.TreeMap;

import io.leaderboard.events.LeaderboardKeys;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * The parts of Redis that can lose their data on their own, and the sentinel key of each:
 * the one server of a standalone Redis; each primary of a Redis Cluster (as the client
 * sees the topology now), its sentinel in a slot it serves. A failover or a reshard
 * changes the primaries, which is how the loss watch learns of them.
 */
@Component
class ProjectionShards {

	private static final String STANDALONE = "standalone";

	private final RedisConnectionFactory factory;

	ProjectionShards(RedisConnectionFactory factory) {
		this.factory = factory;
	}

	/** Each primary's id and its sentinel key. */
	Map<String, String> sentinels() {
		if (!(this.factory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware())) {
			return Map.of(STANDALONE, LeaderboardKeys.projectionSentinel());
		}
		Map<String, String> sentinels = new TreeMap<>();
		try (RedisClusterConnection cluster = this.factory.getClusterConnection()) {
			for (RedisClusterNode primary : cluster.clusterGetNodes()) {
				// a failed primary stays listed, without slots, until it returns as a
				// replica
				if (primary.isMaster() && !primary.isMarkedAsFail() && !primary.getSlotRange().getSlots().isEmpty()) {
					sentinels.put(primary.getId(), sentinelServedBy(primary));
				}
			}
		}
		return sentinels;
	}

	/** The first sentinel key, by its tag's number, in a slot {@code primary} serves. */
	private static String sentinelServedBy(RedisClusterNode primary) {
		for (int tag = 0;; tag++) {
			String key = LeaderboardKeys.projectionSentinel(Integer.toString(tag));
			if (primary.servesSlot(ClusterSlotHashUtil.calculateSlot(key))) {
				return key;
			}
		}
	}

}
