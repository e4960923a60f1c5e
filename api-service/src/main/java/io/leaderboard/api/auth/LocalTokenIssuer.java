package io.leaderboard.api.auth;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import io.leaderboard.support.security.TokenVerificationProperties;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Signs RS256 tokens with a key pair generated at start. The key lives only in memory:
 * tokens die with the process, which is what a developer's stack wants.
 */
class LocalTokenIssuer {

	private final RSAKey key;

	private final NimbusJwtEncoder encoder;

	private final TokenProperties properties;

	private final String audience;

	LocalTokenIssuer(TokenProperties properties, TokenVerificationProperties verification) {
		this.properties = properties;
		this.audience = verification.audience();
		try {
			this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not generate the local signing key", ex);
		}
		this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(this.key)));
	}

	String issue(String subject, String nickName, List<String> scopes) {
		return issue(subject, nickName, scopes, Map.of());
	}

	/** A player's token with claims of the game's own, such as a board's cohortKey. */
	String issue(String subject, String nickName, List<String> scopes, Map<String, String> claims) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder builder = JwtClaimsSet.builder();
		claims.forEach(builder::claim);
		return sign(builder.issuer(this.properties.issuer())
			.audience(List.of(this.audience))
			.subject(subject)
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(this.properties.ttl()))
			.claim("nickname", nickName)
			.claim("scope", String.join(" ", scopes))
			.build());
	}

	/**
	 * Any claims, signed with this issuer's key: tests forge tokens the decoder must
	 * refuse.
	 */
	String sign(JwtClaimsSet claims) {
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.key.getKeyID()).build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

	RSAPublicKey publicKey() {
		try {
			return this.key.toRSAPublicKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Map<String, Object> jwks() {
		return new JWKSet(this.key.toPublicJWK()).toJSONObject();
	}

	long ttlSeconds() {
		return this.properties.ttl().toSeconds();
	}

}
