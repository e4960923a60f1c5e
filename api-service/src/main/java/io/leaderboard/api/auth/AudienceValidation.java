package io.leaderboard.api.auth;

import org.springframework.beans.factory.annotation.Value;
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
	JwtDecoder jwtDecoder(TokenProperties tokens, @Value("${leaderboard.tokens.jwk-set-uri:}") String jwkSetUri,
			@Value("${leaderboard.tokens.issuer-uri:}") String issuerUri) {
		if (jwkSetUri.isBlank() && issuerUri.isBlank()) {
			throw new IllegalStateException(
					"Set JWT_JWK_SET_URI or JWT_ISSUER_URI, or run with the 'local' profile for locally issued tokens");
		}
		NimbusJwtDecoder decoder = jwkSetUri.isBlank() ? NimbusJwtDecoder.withIssuerLocation(issuerUri).build()
				: NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				issuerUri.isBlank() ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(issuerUri),
				new JwtClaimValidator<java.util.List<String>>("aud",
						(aud) -> aud != null && aud.contains(tokens.audience()))));
		return decoder;
	}

}
