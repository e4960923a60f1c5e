package io.leaderboard.api.auth;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * A request's player, for a filter that answers ahead of Spring Security: the bearer
 * token read and verified exactly as the resource server does (the same resolver, the
 * same decoder with its validators and cache). Anything but a valid token is left to
 * Spring Security, which refuses it with its usual 401.
 */
@Component
public class PlayerTokens {

	private final BearerTokens bearerTokens = new BearerTokens();

	private final JwtDecoder decoder;

	PlayerTokens(JwtDecoder decoder) {
		this.decoder = decoder;
	}

	/**
	 * @return the verified token, or empty when the request has none, a malformed one, or
	 * one that does not verify
	 */
	public Optional<Jwt> verified(HttpServletRequest request) {
		try {
			String token = this.bearerTokens.resolve(request);
			return (token != null) ? Optional.of(this.decoder.decode(token)) : Optional.empty();
		}
		catch (OAuth2AuthenticationException | JwtException ex) {
			return Optional.empty();
		}
	}

}
