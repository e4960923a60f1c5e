package io.leaderboard.api.ratelimit;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled whether requests are counted at all
 * @param writes the score submissions a player may make to one board, unless the board
 * has its own limit
 * @param reads the reads one client address may make, across all boards
 * @param boards per-board write limits, by board id
 * @param instances how many api-service instances share the limits: while Redis cannot
 * answer, each counts in buckets of its own holding this share of each limit (Kubernetes:
 * the replicas that usually run)
 * @param timeout the longest a request waits for its shared bucket in Redis before it is
 * counted in the local one instead
 * @param probeInterval while the local buckets count, how often one request asks Redis
 * whether it answers in time again
 * @param localBuckets the most local buckets kept in memory (players and addresses)
 */
@Validated
@ConfigurationProperties("leaderboard.rate-limits")
record RateLimitProperties(@DefaultValue("true") boolean enabled, @NotNull @Valid Limit writes,
		@NotNull @Valid Limit reads, @DefaultValue Map<String, @Valid Limit> boards,
		@DefaultValue("1") @Positive int instances, @DefaultValue("100ms") @NotNull Duration timeout,
		@DefaultValue("1s") @NotNull Duration probeInterval, @DefaultValue("50000") @Positive long localBuckets) {

	Limit writesTo(String board) {
		return this.boards.getOrDefault(board, this.writes);
	}

	/**
	 * A token bucket: a burst of {@code capacity} requests, refilled smoothly.
	 *
	 * @param refillPerSecond tokens added per second; below 1 for limits such as one per
	 * minute (0.0167)
	 */
	record Limit(@Positive long capacity, @Positive double refillPerSecond) {

	}

}
