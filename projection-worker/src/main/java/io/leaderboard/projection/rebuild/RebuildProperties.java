package io.leaderboard.projection.rebuild;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param checkInterval how often the projector looks for a loss of Redis data
 * @param chunkSize entries loaded into Redis per call
 * @param markerTtl how long a rebuild may go without progress before another instance may
 * take over
 */
@Validated
@ConfigurationProperties("leaderboard.rebuild")
record RebuildProperties(@NotNull Duration checkInterval, @Min(100) @Max(50_000) int chunkSize,
		@NotNull Duration markerTtl) {

}
