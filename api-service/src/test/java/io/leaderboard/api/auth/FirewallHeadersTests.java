package io.leaderboard.api.auth;

import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's header check accepts exactly what Spring Security's pattern accepts. */
class FirewallHeadersTests {

	/** StrictHttpFirewall's own pattern for header names and values. */
	private static final Pattern ASSIGNED_AND_NOT_ISO_CONTROL = Pattern
		.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	@ParameterizedTest
	@ValueSource(strings = { "", "Bearer abc.def", "application/json; charset=utf-8", "naïve €", "tab\there",
			"line\nbreak", "nul\u0000", "del\u007f", "c1\u0085", "unassigned\u0378", "emoji \uD83C\uDFC6",
			"lone \uD800 surrogate", "zero\u200bwidth" })
	void acceptsWhatTheDefaultPatternAccepts(String header) {
		assertThat(SecurityConfiguration.assignedAndNotControl(header))
			.isEqualTo(ASSIGNED_AND_NOT_ISO_CONTROL.matcher(header).matches());
	}

}
