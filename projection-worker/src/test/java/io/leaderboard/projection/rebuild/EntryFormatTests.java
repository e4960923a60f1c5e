package io.leaderboard.projection.rebuild;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.Outcomes;
import io.leaderboard.events.PlayerDetails;
import io.leaderboard.events.Rankings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild's hand-made members and details are byte for byte what the projection of an
 * event writes with {@link Rankings#member} and Jackson.
 */
class EntryFormatTests {

	private final EventCodec codec = new EventCodec();

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-20T10:00:00Z", "2026-11-20T10:00:00.120Z", "2026-11-20T10:00:00.123456Z",
			"2026-11-20T10:00:00.000001Z", "1970-01-01T00:00:00Z", "1999-12-31T23:59:59.999999Z",
			"2204-02-29T00:00:00.000100Z", "1969-12-31T23:59:59.5Z", "1900-01-01T00:00:00Z" })
	void membersAndTimesAreWrittenAsTheProjectionWritesThem(String time) {
		Instant at = Instant.parse(time);
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);

		assertThat(EntryFormat.member(micros, 42)).isEqualTo(Rankings.member(at, 42));
		assertThat(EntryFormat.member(micros, Long.MAX_VALUE)).isEqualTo(Rankings.member(at, Long.MAX_VALUE));
		assertThat(EntryFormat.details("Ann", micros, 7, new Outcomes(3, 2, 1), null, this.codec))
			.isEqualTo(this.codec.toJson(new PlayerDetails("Ann", at, 7, new Outcomes(3, 2, 1), null)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Ann", "", "Zoë Ünal", "say \"hi\"", "back\\slash", "tab\tnew\nline\r", "bell\u0007",
			"emoji \uD83C\uDFC6", "broken \uD83C", "</script>", "\u2028" })
	void nicknamesAreEscapedAsJacksonEscapesThem(String nickName) {
		Instant at = Instant.parse("2026-11-20T10:00:00.123Z");
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);

		assertThat(EntryFormat.details(nickName, micros, 1, Outcomes.NONE, null, this.codec))
			.isEqualTo(this.codec.toJson(new PlayerDetails(nickName, at, 1, null, null)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"a\": 1, \"bb\": [true, null, 2.5], \"ccc\": {\"d\": \"é\\n\\u001f\"}}", "{}", "null",
			"{\"big\": 12345678901234567890, \"neg\": -1.0e-7}" })
	void metadataIsTheCodecsRenderingOfTheStoredJson(String jsonb) {
		Instant at = Instant.parse("2026-11-20T10:00:00Z");

		assertThat(EntryFormat.details("Ann", ChronoUnit.MICROS.between(Instant.EPOCH, at), 3, Outcomes.NONE, jsonb,
				this.codec))
			.isEqualTo(this.codec.toJson(new PlayerDetails("Ann", at, 3, null, this.codec.tree(jsonb))));
	}

}
