package io.leaderboard.api.auth;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The tokens the {@code local} profile issues. What every accepted token must say, and
 * where keys come from outside {@code local}, is service-support's
 * {@code TokenVerificationProperties} (the same {@code leaderboard.tokens} settings).
 *
 * @param issuer the {@code iss} of locally issued tokens
 * @param ttl how long a locally issued token is valid
 */
@Validated
@ConfigurationProperties("leaderboard.tokens")
record TokenProperties(@NotBlank String issuer, @NotNull Duration ttl) {

}
