package io.leaderboard.support.security;

import java.time.Clock;
import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The one set of checks every service applies to a token, whoever holds the keys: the
 * signature, the lifetime, the issuer when one is named, the audience and a storable
 * subject; verified tokens are remembered ({@link CachingJwtDecoder}).
 */
public final class TokenVerification {

	private TokenVerification() {
	}

	/**
	 * Keys from {@code jwk-set-uri}, else from the issuer's discovery document (then the
	 * issuer is checked too). Without either no token could be verified, so the service
	 * refuses to start.
	 */
	public static JwtDecoder fromKeySet(TokenVerificationProperties tokens) {
		if (!tokens.hasJwkSetUri() && !tokens.hasIssuerUri()) {
			throw new IllegalStateException("Set JWT_JWK_SET_URI or JWT_ISSUER_URI "
					+ "(in the local stack: api-service's http://<api>/.well-known/jwks.json)");
		}
		NimbusJwtDecoder decoder = tokens.hasJwkSetUri() ? NimbusJwtDecoder.withJwkSetUri(tokens.jwkSetUri()).build()
				: NimbusJwtDecoder.withIssuerLocation(tokens.issuerUri()).build();
		return verifying(decoder, tokens.hasIssuerUri() ? tokens.issuerUri() : null, tokens);
	}

	/**
	 * {@code decoder}'s signature check with this project's claims checks, cached.
	 * {@code issuer} may be null: then any issuer the keys signed for is accepted.
	 */
	public static JwtDecoder verifying(NimbusJwtDecoder decoder, String issuer, TokenVerificationProperties tokens) {
		decoder
			.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
					(issuer != null) ? JwtValidators.createDefaultWithIssuer(issuer) : JwtValidators.createDefault(),
					new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
							(aud) -> aud != null && aud.contains(tokens.audience())),
					SubjectValidation.storableSubject()));
		return new CachingJwtDecoder(decoder, tokens, Clock.systemUTC());
	}

}
