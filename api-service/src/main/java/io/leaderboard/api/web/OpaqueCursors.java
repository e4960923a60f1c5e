package io.leaderboard.api.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The envelope every cursor of this API shares: a short plain text naming its kind and
 * where a page ended, sent as base64url without padding, so clients treat it as opaque.
 * Each kind of cursor states its own format and what a client did wrong.
 */
public final class OpaqueCursors {

	private OpaqueCursors() {
	}

	public static String encode(String plain) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The cursor's text matched against its kind's format; empty when the text is not
	 * base64url or not of that kind.
	 */
	public static Optional<Matcher> match(String text, Pattern format) {
		try {
			Matcher match = format.matcher(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
			return match.matches() ? Optional.of(match) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
