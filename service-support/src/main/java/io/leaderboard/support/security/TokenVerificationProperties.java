package io.leaderboard.support.security;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What every service demands of a bearer token, and where it finds the keys.
 *
 * @param audience the {@code aud} every token must carry
 * @param issuerUri the identity provider's issuer, whose discovery document gives the
 * keys, and which every token must name
 * @param jwkSetUri where the signing keys are, when not discovered (in the local stack:
 * api-service's {@code /.well-known/jwks.json})
 * @param verifiedCacheSize how many verified tokens are kept, so a caller's next request
 * skips the signature check
 * @param verifiedCacheTtl the longest a verified token is trusted without checking its
 * signature again (a key withdrawn at the identity provider stops being honoured within
 * it)
 */
@Validated
@ConfigurationProperties("leaderboard.tokens")
public record TokenVerificationProperties(@DefaultValue("leaderboard") @NotBlank String audience, String issuerUri,
		String jwkSetUri, @DefaultValue("10000") @Min(0) int verifiedCacheSize,
		@DefaultValue("5m") @NotNull Duration verifiedCacheTtl) {

	public boolean hasIssuerUri() {
		return this.issuerUri != null && !this.issuerUri.isBlank();
	}

	public boolean hasJwkSetUri() {
		return this.jwkSetUri != null && !this.jwkSetUri.isBlank();
	}

}
