package io.leaderboard.support.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Takes the bearer token from the {@code Authorization} header only (RFC 6750 §2.1: the
 * scheme in any case, one space, a b64token), as Spring Security's default resolver does
 * with that header, but by a scan of its characters instead of a regular expression over
 * the whole token, which was a measurable share of a submission's CPU.
 */
public final class HeaderBearerTokenResolver implements BearerTokenResolver {

	private static final String SCHEME = "Bearer ";

	@Override
	public String resolve(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1)) {
			return null;
		}
		if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
				|| !isB64Token(authorization, SCHEME.length())) {
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
		}
		return authorization.substring(SCHEME.length());
	}

	/**
	 * 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" from {@code from} on.
	 */
	private static boolean isB64Token(String text, int from) {
		int end = text.length();
		while (end > from && text.charAt(end - 1) == '=') {
			end--;
		}
		if (end == from) {
			return false;
		}
		for (int i = from; i < end; i++) {
			char c = text.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

}
