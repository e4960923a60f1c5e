package io.leaderboard.api.ticket;

import io.leaderboard.api.web.Routes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import io.leaderboard.api.auth.TokenPlayer;
import io.leaderboard.events.LeaderboardKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /stream-tickets} with the player's bearer token: a ticket the broadcaster's
 * {@code GET /me/events?ticket=} takes once, within {@link #TTL}. EventSource cannot set
 * headers, so the ticket goes in the URL; it is worthless after its first use or 30 s.
 */
@RestController
class StreamTicketController {

	static final Duration TTL = Duration.ofSeconds(30);

	/** The player, registered if they have not scored yet, as a first score would. */
	private static final String SQL_FIND_OR_REGISTER = """
			WITH existing AS (
			  SELECT id FROM users WHERE subject = :subject
			), inserted AS (
			  INSERT INTO users (subject, nick_name)
			  SELECT :subject, :nickName WHERE NOT EXISTS (SELECT 1 FROM existing)
			  ON CONFLICT (subject) DO NOTHING
			  RETURNING id
			)
			SELECT id FROM existing UNION ALL SELECT id FROM inserted
			""";

	private final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	private final StringRedisTemplate redis;

	StreamTicketController(JdbcClient jdbc, StringRedisTemplate redis) {
		this.jdbc = jdbc;
		this.redis = redis;
	}

	@PostMapping(Routes.STREAM_TICKETS)
	Ticket mint(@AuthenticationPrincipal Jwt token) {
		long userId = findOrRegister(token.getSubject(), TokenPlayer.nickName(token));
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		this.redis.opsForValue().set(LeaderboardKeys.streamTicket(ticket), Long.toString(userId), TTL);
		return new Ticket(ticket, userId, TTL.toSeconds());
	}

	private long findOrRegister(String subject, String name) {
		// a concurrent registration of the same subject leaves neither row visible: ask
		// again
		return this.jdbc.sql(SQL_FIND_OR_REGISTER)
			.param("subject", subject)
			.param("nickName", name)
			.query(Long.class)
			.optional()
			.or(() -> this.jdbc.sql(SQL_FIND_OR_REGISTER)
				.param("subject", subject)
				.param("nickName", name)
				.query(Long.class)
				.optional())
			.orElseThrow();
	}

	record Ticket(String ticket, long userId, long expiresIn) {

	}

}
