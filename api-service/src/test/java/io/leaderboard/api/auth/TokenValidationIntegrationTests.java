package io.leaderboard.api.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.support.security.TokenVerificationProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only a token this service's issuer signed, for this audience, within its lifetime, and
 * naming a player, may write; and it writes only for that player.
 */
class TokenValidationIntegrationTests extends ApiTestBase {

	@Autowired
	LocalTokenIssuer issuer;

	@Autowired
	TokenProperties properties;

	@Autowired
	TokenVerificationProperties verification;

	@Test
	void forgedExpiredAndMalformedTokensAreUnauthorizedProblems() throws Exception {
		Instant now = Instant.now();
		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("alg none", new PlainJWT(claims(now)).serialize());
		tokens.put("HS256 keyed with the public key (DER)", hmac(claims(now), this.issuer.publicKey().getEncoded()));
		tokens.put("HS256 keyed with the public key (PEM)",
				hmac(claims(now), pem(this.issuer.publicKey().getEncoded())));
		tokens.put("RS256 signed by another key", foreign(claims(now)));
		tokens.put("wrong issuer", signed(now, (claims) -> claims.issuer("https://issuer.example")));
		tokens.put("wrong audience", signed(now, (claims) -> claims.audience(List.of("another-service"))));
		tokens.put("no audience", signed(now, (claims) -> claims.claims((all) -> all.remove("aud"))));
		// beyond the validator's 60 s clock skew
		tokens.put("expired",
				signed(now,
						(claims) -> claims.issuedAt(now.minus(Duration.ofHours(2)))
							.notBefore(now.minus(Duration.ofHours(2)))
							.expiresAt(now.minus(Duration.ofMinutes(5)))));
		tokens.put("not yet valid", signed(now, (claims) -> claims.notBefore(now.plus(Duration.ofMinutes(5)))));
		tokens.put("no subject", signed(now, (claims) -> claims.claims((all) -> all.remove("sub"))));
		tokens.put("subject too long to store", signed(now, (claims) -> claims.subject("s".repeat(256))));
		tokens.put("subject with a control character", signed(now, (claims) -> claims.subject("ali\nce")));
		tokens.put("payload altered after signing", altered(signed(now, UnaryOperator.identity())));
		tokens.put("garbage", "garbage");
		tokens.put("three garbage parts", "a.b.c");
		tokens.put("empty", "");

		tokens.forEach((name, token) -> {
			Response response = this.http.postJson("/scores", "{\"score\": 1}", token);

			assertThat(response.status()).as(name).isEqualTo(401);
			assertThat(response.contentType()).as(name).isEqualTo("application/problem+json");
			assertThat(response.header("WWW-Authenticate")).as(name).startsWith("Bearer");
		});
		assertThat(this.jdbc.sql("SELECT count(*) FROM users").query(Long.class).single()).isZero();
	}

	@Test
	void aTokenSignedByThisIssuerIsAccepted() {
		Response response = this.http.postJson("/scores", "{\"score\": 1}",
				signed(Instant.now(), UnaryOperator.identity()));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void administrationWithoutTheAdminScopeIsForbidden() {
		String player = this.http.token("alice", "Alice");
		String board = "{\"sortOrder\":\"desc\",\"operator\":\"best\"}";

		List<Response> answers = List.of(this.http.putJson("/admin/leaderboards/sneaky", board, player),
				this.http.put("/admin/leaderboards/global/hidden/1", player),
				this.http.delete("/admin/leaderboards/global/hidden/1", player));

		for (Response response : answers) {
			assertThat(response.status()).isEqualTo(403);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			assertThat(response.header("WWW-Authenticate")).contains("insufficient_scope");
		}
		assertThat(this.http.get("/leaderboards/sneaky").status()).isEqualTo(404);
		assertThat(this.http.putJson("/admin/leaderboards/sneaky", board, null).status()).isEqualTo(401);
	}

	@Test
	void aScoreLandsOnTheTokensSubjectAndNoOneElse() {
		submit("global", "bob", 500);
		// a nick name claim is a display name, not an identity
		String aliceCallingHerselfBob = this.http.token("alice", "Bob");

		Response namingBob = this.http.postJson("/scores", "{\"score\": 9000, \"userId\": 1}", aliceCallingHerselfBob);
		Response own = this.http.postJson("/scores", "{\"score\": 9000}", aliceCallingHerselfBob);

		assertThat(namingBob.status()).isEqualTo(400);
		assertThat(namingBob.json().get("detail").asString()).contains("userId");
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.json().get("userId").asLong()).isEqualTo(2);
		assertThat(this.jdbc.sql("""
				SELECT u.subject, s.score FROM board_scores s JOIN users u ON u.id = s.user_id ORDER BY u.id
				""").query((rs, row) -> rs.getString(1) + "=" + rs.getLong(2)).list()).containsExactly("bob=500",
				"alice=9000");
	}

	private String signed(Instant now, UnaryOperator<JwtClaimsSet.Builder> change) {
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.properties.issuer())
			.audience(List.of(this.verification.audience()))
			.subject("mallory")
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(Duration.ofMinutes(10)));
		return this.issuer.sign(change.apply(claims).build());
	}

	private JWTClaimsSet claims(Instant now) {
		return new JWTClaimsSet.Builder().subject("mallory")
			.issuer(this.properties.issuer())
			.audience(this.verification.audience())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
			.build();
	}

	private static String hmac(JWTClaimsSet claims, byte[] secret) throws JOSEException {
		SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		token.sign(new MACSigner(secret));
		return token.serialize();
	}

	private static String foreign(JWTClaimsSet claims) throws JOSEException {
		SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		token.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
		return token.serialize();
	}

	private static byte[] pem(byte[] der) {
		return ("-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END PUBLIC KEY-----\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	/** The same signature over a payload that now names another subject. */
	private static String altered(String token) {
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("mallory",
				"admin");
		return parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
				+ parts[2];
	}

}
