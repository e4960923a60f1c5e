package io.leaderboard.api.auth;

import io.leaderboard.support.security.TokenVerification;
import io.leaderboard.support.security.TokenVerificationProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The {@code local} profile trusts exactly the tokens its own issuer signed, checked as
 * every service checks tokens. The other services of the local stack verify them with the
 * issuer's public keys, served at {@code /.well-known/jwks.json}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class LocalTokenConfiguration {

	@Bean
	LocalTokenIssuer localTokenIssuer(TokenProperties properties, TokenVerificationProperties verification) {
		return new LocalTokenIssuer(properties, verification);
	}

	@Bean
	JwtDecoder jwtDecoder(LocalTokenIssuer issuer, TokenProperties properties,
			TokenVerificationProperties verification) {
		return TokenVerification.verifying(NimbusJwtDecoder.withPublicKey(issuer.publicKey()).build(),
				properties.issuer(), verification);
	}

}
