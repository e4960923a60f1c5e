package io.leaderboard.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventCodecTests {

	private final EventCodec codec = new EventCodec();

	@Test
	void readsScoreChangedAsPostgresqlWritesIt() {
		// jsonb renders timestamptz with a numeric offset and microseconds
		String json = """
				{"schemaVersion": 1, "board": "global", "userId": 7, "nickName": "Alice", "score": 4500,
				 "previousScore": null, "version": 3, "occurredAt": "2026-11-22T14:30:00.123456+00:00"}
				""";

		ScoreChanged event = this.codec.scoreChanged(json.getBytes(StandardCharsets.UTF_8));

		assertThat(event).isEqualTo(
				new ScoreChanged(1, "global", 7, "Alice", 4500, null, 3, Instant.parse("2026-11-22T14:30:00.123456Z")));
		assertThat(event.key()).isEqualTo("7");
	}

	@Test
	void roundTripsLeaderboardChanged() {
		LeaderboardChanged changed = new LeaderboardChanged(1, "global", 42,
				List.of(new LeaderboardEntry(1, 7, "Alice", 4500, Instant.parse("2026-11-22T14:30:00Z"))), true,
				Instant.parse("2026-11-22T14:30:00Z"), Instant.parse("2026-11-22T14:30:01Z"));

		assertThat(this.codec.leaderboardChanged(this.codec.toBytes(changed))).isEqualTo(changed);
	}

	@Test
	void ignoresFieldsAddedByNewerProducers() {
		String json = """
				{"schemaVersion": 2, "board": "global", "userId": 7, "nickName": "Alice", "score": 1,
				 "previousScore": 0, "version": 1, "occurredAt": "2026-11-22T14:30:00Z", "metadata": {"level": 3}}
				""";

		assertThat(this.codec.scoreChanged(json.getBytes(StandardCharsets.UTF_8)).schemaVersion()).isEqualTo(2);
	}

	@Test
	void rejectsPoisonEvents() {
		for (String json : List.of("not json", "{}", "{\"schemaVersion\":1,\"board\":\"global\",\"userId\":1}",
				"{\"schemaVersion\":1,\"board\":\"global\",\"userId\":1,\"nickName\":\"a\",\"score\":9007199254740993,"
						+ "\"version\":1,\"occurredAt\":\"2026-11-22T14:30:00Z\"}")) {
			assertThatExceptionOfType(MalformedEventException.class).as(json)
				.isThrownBy(() -> this.codec.scoreChanged(json.getBytes(StandardCharsets.UTF_8)));
		}
	}

	@Test
	void keysCarryTheBoardAsHashTag() {
		LeaderboardKeys keys = LeaderboardKeys.of("global");

		assertThat(List.of(keys.scores(), keys.versions(), keys.players(), keys.top(), keys.emitted(), keys.sequence()))
			.allSatisfy((key) -> assertThat(key).startsWith("leaderboard:{global}:"))
			.doesNotHaveDuplicates();
	}

}
