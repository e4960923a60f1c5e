package io.leaderboard.api.score;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How score submissions are committed together.
 *
 * @param maxBatch the most submissions one statement and one commit take
 * @param writers how many batches may be in PostgreSQL at once: while one waits for its
 * commit to reach the disk, the next is executed
 * @param queueCapacity submissions waiting for a writer beyond which a request is told to
 * come back (503 with Retry-After) instead of queueing without bound
 */
@Validated
@ConfigurationProperties("leaderboard.submissions.group-commit")
record GroupCommitProperties(@DefaultValue("256") @Min(1) @Max(5000) int maxBatch,
		@DefaultValue("2") @Min(1) @Max(16) int writers, @DefaultValue("4096") @Min(1) int queueCapacity) {

}
