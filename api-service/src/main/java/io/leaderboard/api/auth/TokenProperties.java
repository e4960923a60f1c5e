package io.leaderboard.api.auth;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What every accepted token must say, and how long locally issued tokens live.
 *
 * @param issuer the {@code iss} of locally issued tokens
 * @param audience the {@code aud} every token must carry
 * @param ttl how long a locally issued token is valid
 * @param issuerUri outside {@code local}: the identity provider's issuer, whose discovery
 * document gives the keys, and which every token must name
 * @param jwkSetUri outside {@code local}: where the signing keys are, when not discovered
 * @param verifiedCacheSize how many verified tokens are kept, so a player's next request
 * skips the signature check
 * @param verifiedCacheTtl the longest a verified token is trusted without checking its
 * signature again (a key withdrawn at the identity provider stops being honoured within
 * it)
 */
@Validated
@ConfigurationProperties("leaderboard.tokens")
record TokenProperties(@NotBlank String issuer, @NotBlank String audience, @NotNull Duration ttl, String issuerUri,
		String jwkSetUri, @DefaultValue("10000") @Min(0) int verifiedCacheSize,
		@DefaultValue("5m") @NotNull Duration verifiedCacheTtl) {

	boolean hasIssuerUri() {
		return this.issuerUri != null && !this.issuerUri.isBlank();
	}

	boolean hasJwkSetUri() {
		return this.jwkSetUri != null && !this.jwkSetUri.isBlank();
	}

}
