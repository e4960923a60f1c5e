package io.leaderboard.api.board;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param refresh how often each instance reloads the definitions: the longest a change
 * made on another instance takes to apply here
 * @param declared boards created or updated at start, by id
 */
@Validated
@ConfigurationProperties("leaderboard.boards")
record BoardsProperties(@NotNull Duration refresh, @DefaultValue Map<String, @Valid BoardDefinition> declared) {

}
