package io.leaderboard.publisher.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param batchSize rows locked and published per transaction
 * @param idleWait longest wait for a NOTIFY after a batch that was not full
 * @param gatherDelay how long a NOTIFY waits for more rows before the next batch is
 * taken: at ordinary rates rows arrive a few at a time, and each batch costs a lock
 * query, a Kafka produce request, a broker fetch and a projection call however few rows
 * it holds
 * @param ackTimeout how long a batch waits for the broker's acks before it rolls back
 * @param maxBackoff the longest pause after a failed batch
 * @param vacuumInterval how often the outbox is vacuumed: every published row leaves a
 * dead one behind, which the scan for pending rows would otherwise walk past
 */
@Validated
@ConfigurationProperties("leaderboard.outbox")
public record OutboxProperties(@Min(1) @Max(10_000) int batchSize, @NotNull Duration idleWait,
		@NotNull Duration gatherDelay, @NotNull Duration ackTimeout, @NotNull Duration maxBackoff,
		@NotNull Duration vacuumInterval) {

}
