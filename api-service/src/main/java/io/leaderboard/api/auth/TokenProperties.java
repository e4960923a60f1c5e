package io.leaderboard.api.auth;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What every accepted token must say, and how long locally issued tokens live.
 *
 * @param issuer the {@code iss} of locally issued tokens
 * @param audience the {@code aud} every token must carry
 * @param ttl how long a locally issued token is valid
 */
@Validated
@ConfigurationProperties("leaderboard.tokens")
record TokenProperties(@NotBlank String issuer, @NotBlank String audience, @NotNull Duration ttl) {

}
