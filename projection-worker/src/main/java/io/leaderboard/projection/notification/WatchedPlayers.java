package io.leaderboard.projection.notification;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.leaderboard.events.LeaderboardKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The players who have a personal stream open on some broadcaster, as the broadcasters
 * register them in Redis. Asked once per applied batch (one ZMSCORE), so a player's rank
 * reaches a stream opened just before their score was projected.
 */
@Component
class WatchedPlayers {

	private final StringRedisTemplate redis;

	WatchedPlayers(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/** Those of the given players whose stream a broadcaster still vouches for. */
	Set<Long> among(Collection<Long> userIds) {
		List<Object> members = userIds.stream().distinct().<Object>map(String::valueOf).toList();
		List<Double> until = this.redis.opsForZSet().score(LeaderboardKeys.watchedPlayers(), members.toArray());
		Set<Long> watched = new HashSet<>();
		double now = Instant.now().toEpochMilli();
		for (int i = 0; i < members.size(); i++) {
			Double vouched = (until != null) ? until.get(i) : null;
			if (vouched != null && vouched > now) {
				watched.add(Long.parseLong((String) members.get(i)));
			}
		}
		return watched;
	}

}
