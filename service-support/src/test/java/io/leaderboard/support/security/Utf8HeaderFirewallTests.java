package io.leaderboard.support.security;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Headers as Tomcat hands them over: each byte one ISO-8859-1 character. What the client
 * meant as UTF-8 text passes, anything else is refused before the chain runs.
 */
class Utf8HeaderFirewallTests {

	private final Utf8HeaderFirewall firewall = new Utf8HeaderFirewall();

	@ParameterizedTest
	@ValueSource(strings = { "", "Bearer abc.def", "application/json; charset=utf-8", "naïve €", "ā (U+0101)",
			"emoji \uD83C\uDFC6" })
	void acceptsPrintableUtf8(String text) {
		assertThat(Utf8HeaderFirewall.printableUtf8(sentAsUtf8(text))).as(text).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "tab\there", "line\nbreak", "nul\u0000", "del\u007f", "c1\u0085", "unassigned\u0378" })
	void refusesControlAndUnassignedCharacters(String text) {
		assertThat(Utf8HeaderFirewall.printableUtf8(sentAsUtf8(text))).as(text).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "e9", "ff fe", "c3", "c0 af", "ed a0 80", "f8 88 80 80 80", "80" })
	void refusesBytesThatAreNotUtf8(String hex) {
		assertThat(Utf8HeaderFirewall.printableUtf8("key-" + latin1(hex))).as(hex).isFalse();
	}

	@Test
	void checksEveryHeaderEvenOneNoOneReads() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/leaderboards/global/top");
		request.addHeader("Accept", "application/json");
		request.addHeader("X-Unread", latin1("e9"));

		assertThatExceptionOfType(RequestRejectedException.class)
			.isThrownBy(() -> this.firewall.getFirewalledRequest(request));
	}

	@Test
	void letsValidHeadersThrough() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/leaderboards/global/top");
		request.addHeader("X-Player-Note", sentAsUtf8("ā"));

		FirewalledRequest firewalled = this.firewall.getFirewalledRequest(request);

		assertThat(firewalled.getHeader("X-Player-Note")).isEqualTo(sentAsUtf8("ā"));
	}

	/** The text's UTF-8 bytes, one character each, as Tomcat reads a header. */
	private static String sentAsUtf8(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

	private static String latin1(String hex) {
		StringBuilder text = new StringBuilder();
		for (String octet : hex.split(" ")) {
			text.append((char) Integer.parseInt(octet, 16));
		}
		return text.toString();
	}

}
