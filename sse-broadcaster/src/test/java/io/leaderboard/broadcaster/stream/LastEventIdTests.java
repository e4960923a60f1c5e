package io.leaderboard.broadcaster.stream;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any {@code Last-Event-ID} header and {@code lastEventId} parameter resume from the id
 * they name, or from nothing; reading them never throws. An input (the corpus in
 * {@code LastEventIdTestsInputs}) is the header, a line break and the parameter, an empty
 * one standing for none.
 */
class LastEventIdTests {

	@FuzzTest(maxDuration = "30s")
	void anyHeaderOrParameterIsAnIdOrNone(byte[] input) {
		String text = new String(input, StandardCharsets.UTF_8);
		int lineBreak = text.indexOf('\n');
		String header = absentIfEmpty((lineBreak >= 0) ? text.substring(0, lineBreak) : text);
		String parameter = absentIfEmpty((lineBreak >= 0) ? text.substring(lineBreak + 1) : "");

		Long id = LastEventId.of(header, parameter);

		String given = (header != null) ? header : parameter;
		if (id != null) {
			assertThat(BigInteger.valueOf(id)).as(given).isEqualTo(new BigInteger(given.trim()));
		}
	}

	private static String absentIfEmpty(String value) {
		return value.isEmpty() ? null : value;
	}

}
