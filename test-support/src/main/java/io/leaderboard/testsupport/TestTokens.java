package io.leaderboard.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An identity provider for tests: a key pair made once per JVM, its public half served as
 * a JWK set over HTTP, and tokens signed with it for the audience {@code leaderboard}. A
 * service under test verifies them exactly as in production, through
 * {@code leaderboard.tokens.jwk-set-uri}.
 */
public final class TestTokens {

	public static final String ADMIN_SCOPE = "leaderboard:admin";

	private static RSAKey key;

	private static String jwkSetUri;

	private TestTokens() {
	}

	/** Registers {@code leaderboard.tokens.jwk-set-uri}. */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("leaderboard.tokens.jwk-set-uri", TestTokens::jwkSetUri);
	}

	/** A player's token: no scopes. */
	public static String player(String subject) {
		return token(subject, "");
	}

	/** A token with the {@value #ADMIN_SCOPE} scope. */
	public static String admin(String subject) {
		return token(subject, ADMIN_SCOPE);
	}

	/** A token with the given space-separated scopes, valid for an hour. */
	public static String token(String subject, String scopes) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://id.test")
			.audience("leaderboard")
			.subject(subject)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
			.claim("scope", scopes)
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key().getKeyID()).build(),
				claims);
		try {
			jwt.sign(new RSASSASigner(key()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	public static synchronized String jwkSetUri() {
		if (jwkSetUri == null) {
			byte[] jwks = new JWKSet(key().toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			try {
				HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
				server.createContext("/jwks.json", (exchange) -> {
					exchange.getResponseHeaders().add("Content-Type", "application/json");
					exchange.sendResponseHeaders(200, jwks.length);
					try (OutputStream body = exchange.getResponseBody()) {
						body.write(jwks);
					}
				});
				server.start();
				jwkSetUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return jwkSetUri;
	}

	private static synchronized RSAKey key() {
		if (key == null) {
			try {
				key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return key;
	}

}
