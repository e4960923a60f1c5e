package io.leaderboard.api.auth;

import java.time.Clock;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** The {@code local} profile trusts exactly the tokens its own issuer signed. */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class LocalTokenConfiguration {

	@Bean
	LocalTokenIssuer localTokenIssuer(TokenProperties properties) {
		return new LocalTokenIssuer(properties);
	}

	@Bean
	JwtDecoder jwtDecoder(LocalTokenIssuer issuer, TokenProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(issuer.publicKey()).build();
		decoder.setJwtValidator(
				new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.issuer()),
						new JwtClaimValidator<List<String>>("aud",
								(aud) -> aud != null && aud.contains(properties.audience())),
						SubjectValidation.storableSubject()));
		return new CachingJwtDecoder(decoder, properties, Clock.systemUTC());
	}

}
