package io.leaderboard.api.auth;

import java.time.Clock;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Outside the {@code local} profile tokens come from the studio's identity provider: keys
 * from {@code JWT_JWK_SET_URI} (or the issuer's discovery document), issuer and audience
 * checked. Without either setting the service refuses to start.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!local")
class AudienceValidation {

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(TokenProperties tokens) {
		if (!tokens.hasJwkSetUri() && !tokens.hasIssuerUri()) {
			throw new IllegalStateException(
					"Set JWT_JWK_SET_URI or JWT_ISSUER_URI, or run with the 'local' profile for locally issued tokens");
		}
		NimbusJwtDecoder decoder = tokens.hasJwkSetUri() ? NimbusJwtDecoder.withJwkSetUri(tokens.jwkSetUri()).build()
				: NimbusJwtDecoder.withIssuerLocation(tokens.issuerUri()).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				tokens.hasIssuerUri() ? JwtValidators.createDefaultWithIssuer(tokens.issuerUri())
						: JwtValidators.createDefault(),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains(tokens.audience())),
				SubjectValidation.storableSubject()));
		return new CachingJwtDecoder(decoder, tokens, Clock.systemUTC());
	}

}
