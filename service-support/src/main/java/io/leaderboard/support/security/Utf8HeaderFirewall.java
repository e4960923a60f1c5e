package io.leaderboard.support.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, with every header checked as UTF-8 text before the
 * chain runs.
 * <p>
 * Two gaps of the default are closed. The strict firewall checks a header when something
 * reads it, so a header no one reads was never checked: here every name and value is read
 * once, through the strict firewall's own request. And Tomcat hands header bytes over as
 * ISO-8859-1 characters, so the default check (assigned, not a control character) let a
 * lone byte from 0xA0 to 0xFF through, which is not UTF-8, and refused a valid UTF-8
 * character whose continuation byte falls in 0x80 to 0x9F ("ā"). A header is accepted
 * when its bytes are UTF-8 whose characters are assigned and not control characters. Most
 * headers are ASCII, checked by one scan.
 */
public final class Utf8HeaderFirewall implements HttpFirewall {

	private final StrictHttpFirewall strict = new StrictHttpFirewall();

	public Utf8HeaderFirewall() {
		this.strict.setAllowedHeaderNames(Utf8HeaderFirewall::printableUtf8);
		this.strict.setAllowedHeaderValues(Utf8HeaderFirewall::printableUtf8);
	}

	@Override
	public FirewalledRequest getFirewalledRequest(HttpServletRequest request) throws RequestRejectedException {
		FirewalledRequest firewalled = this.strict.getFirewalledRequest(request);
		Enumeration<String> names = firewalled.getHeaderNames();
		while (names.hasMoreElements()) {
			Enumeration<String> values = firewalled.getHeaders(names.nextElement());
			while (values.hasMoreElements()) {
				values.nextElement();
			}
		}
		return firewalled;
	}

	@Override
	public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
		return this.strict.getFirewalledResponse(response);
	}

	/**
	 * Whether a header, as the container gives it, is UTF-8 text of assigned characters
	 * and no control characters. Characters above U+00FF mean the container decoded the
	 * header itself (a mock request): those are checked as they are.
	 */
	static boolean printableUtf8(String header) {
		for (int i = 0; i < header.length(); i++) {
			char c = header.charAt(i);
			if (c >= 0x80) {
				return printable(asUtf8(header));
			}
			if (c < 0x20 || c == 0x7f) {
				return false;
			}
		}
		return true;
	}

	private static String asUtf8(String header) {
		if (!header.chars().allMatch((c) -> c <= 0xff)) {
			return header;
		}
		try {
			CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1)));
			return decoded.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static boolean printable(String text) {
		return text != null && text.codePoints()
			.allMatch((c) -> Character.isDefined(c) && !Character.isISOControl(c) && !isSurrogate(c));
	}

	private static boolean isSurrogate(int c) {
		return c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE;
	}

}
