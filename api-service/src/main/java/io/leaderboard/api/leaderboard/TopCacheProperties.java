package io.leaderboard.api.leaderboard;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The in-memory cache of rendered top pages.
 *
 * @param enabled whether first pages are served from memory at all
 * @param watchInterval how often the boards' generations are read: the longest a page
 * served from memory lags behind Redis
 * @param ttl the longest a page is kept even while its board does not change
 */
@Validated
@ConfigurationProperties("leaderboard.reads.top-cache")
record TopCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("20ms") @NotNull Duration watchInterval,
		@DefaultValue("1s") @NotNull Duration ttl) {

}
