package io.leaderboard.projection.rebuild;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param checkInterval how often the projector looks for a loss of Redis data
 * @param chunkSize entries read from PostgreSQL and written to Redis at a time
 * @param chunksInFlight chunks sent to Redis and not answered yet, at most: enough to
 * keep Redis busy while the next chunk is read, few enough to bound the memory they hold
 * @param markerTtl how long a rebuild may go without progress before another instance may
 * take over
 */
@Validated
@ConfigurationProperties("leaderboard.rebuild")
record RebuildProperties(@NotNull Duration checkInterval, @Min(100) @Max(50_000) int chunkSize,
		@Min(1) @Max(64) int chunksInFlight, @NotNull Duration markerTtl) {

}
