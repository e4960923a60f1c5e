package io.leaderboard.support.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CachingJwtDecoderTests {

	final List<String> verifiedByTheKey = new ArrayList<>();

	final Instant expiresAt = Instant.now().plus(Duration.ofHours(1));

	final JwtDecoder verifier = (token) -> {
		this.verifiedByTheKey.add(token);
		if (token.startsWith("forged")) {
			throw new BadJwtException("bad signature");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("alice")
			.issuedAt(this.expiresAt.minus(Duration.ofHours(1)))
			.expiresAt(this.expiresAt)
			.build();
	};

	final MutableClock clock = new MutableClock();

	final CachingJwtDecoder tokens = new CachingJwtDecoder(this.verifier,
			new TokenVerificationProperties("leaderboard", null, null, 100, Duration.ofMinutes(5)), this.clock);

	@Test
	void aTokenIsVerifiedOnceAndThenKnown() {
		Jwt first = this.tokens.decode("token-a");
		Jwt again = this.tokens.decode("token-a");

		assertThat(again.getSubject()).isEqualTo("alice");
		assertThat(again).isSameAs(first);
		assertThat(this.verifiedByTheKey).containsExactly("token-a");
	}

	@Test
	void everyOtherTokenIsVerifiedAfresh() {
		this.tokens.decode("token-a");
		this.tokens.decode("token-b");

		assertThat(this.verifiedByTheKey).containsExactly("token-a", "token-b");
	}

	@Test
	void aRefusedTokenIsRefusedEveryTime() {
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.tokens.decode("forged"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.tokens.decode("forged"));

		assertThat(this.verifiedByTheKey).containsExactly("forged", "forged");
	}

	@Test
	void aKnownTokenIsRefusedOnceItExpires() {
		this.tokens.decode("token-a");
		// the same 60 s of clock skew as the first check
		this.clock.set(this.expiresAt.plus(Duration.ofSeconds(61)));

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.tokens.decode("token-a"))
			.withMessageContaining("expired");
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.now();

		void set(Instant now) {
			this.now = now;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
