package io.leaderboard.api.history;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param retention how long submissions are kept: a month's partition is dropped, whole,
 * once all of it is older than this
 */
@Validated
@ConfigurationProperties("leaderboard.history")
record HistoryProperties(@DefaultValue("400d") @NotNull Duration retention) {

}
