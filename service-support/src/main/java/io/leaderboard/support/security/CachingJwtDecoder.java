package io.leaderboard.support.security;

import java.time.Clock;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers tokens whose signature and claims were verified, so that a player's next
 * submissions with the same token skip the RSA check, a large share of a submission's
 * CPU. The key is the whole token, signature included: a token that differs in one byte
 * is verified afresh. Expiry is checked on every use, exactly as the first check did
 * (with the same clock: the system's, as the validators of Spring Security use).
 */
public final class CachingJwtDecoder implements JwtDecoder {

	private final JwtDecoder verifier;

	private final OAuth2TokenValidator<Jwt> stillValid;

	private final Cache<String, Jwt> verified;

	public CachingJwtDecoder(JwtDecoder verifier, TokenVerificationProperties properties, Clock clock) {
		this.verifier = verifier;
		JwtTimestampValidator timestamps = new JwtTimestampValidator();
		timestamps.setClock(clock);
		this.stillValid = timestamps;
		this.verified = Caffeine.newBuilder()
			.maximumSize(properties.verifiedCacheSize())
			.expireAfterWrite(properties.verifiedCacheTtl())
			.build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt known = this.verified.getIfPresent(token);
		if (known == null) {
			Jwt jwt = this.verifier.decode(token);
			this.verified.put(token, jwt);
			return jwt;
		}
		OAuth2TokenValidatorResult result = this.stillValid.validate(known);
		if (result.hasErrors()) {
			this.verified.invalidate(token);
			String reasons = result.getErrors()
				.stream()
				.map(OAuth2Error::getDescription)
				.collect(Collectors.joining("; "));
			throw new JwtValidationException("The token is no longer valid: " + reasons, result.getErrors());
		}
		return known;
	}

}
