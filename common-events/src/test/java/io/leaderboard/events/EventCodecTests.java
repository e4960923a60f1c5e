package io.leaderboard.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventCodecTests {

	private final EventCodec codec = new EventCodec();

	@Test
	void readsScoreChangedAsPostgresqlWritesIt() {
		// jsonb renders timestamptz with a numeric offset and microseconds
		String json = """
				{"schemaVersion": 3, "board": "weekly", "period": "2026-W47", "sortOrder": "asc", "userId": 7,
				 "nickName": "Alice", "score": 4500, "previousScore": null, "version": 3, "gamesPlayed": 5,
				 "outcomes": {"wins": 2, "losses": 1, "draws": 1},
				 "metadata": {"level": 3}, "reachedAt": "2026-11-22T14:29:00.5+00:00", "updatedAt": "2026-11-22T14:29:00.5+00:00",
				 "occurredAt": "2026-11-22T14:30:00.123456+00:00"}
				""";

		ScoreChanged event = this.codec.scoreChanged(json.getBytes(StandardCharsets.UTF_8));

		assertThat(event).isEqualTo(new ScoreChanged(3, "weekly", "2026-W47", SortOrder.ASC, 7, "Alice", 4500, null, 3,
				5, new Outcomes(2, 1, 1), JsonMapper.shared().readTree("{\"level\":3}"),
				Instant.parse("2026-11-22T14:29:00.5Z"), Instant.parse("2026-11-22T14:29:00.5Z"),
				Instant.parse("2026-11-22T14:30:00.123456Z")));
		assertThat(event.key()).isEqualTo("7");
		assertThat(event.outcomes().winRate()).isEqualTo(2.0 / 3);
	}

	@Test
	void readsTheSubscoreOfABoardThatHasOne() {
		String json = """
				{"schemaVersion": 3, "board": "race", "period": "all", "sortOrder": "desc", "userId": 7,
				 "nickName": "Alice", "score": 4500, "previousScore": 4500, "version": 3, "gamesPlayed": 5,
				 "outcomes": {"wins": 0, "losses": 0, "draws": 0}, "metadata": null,
				 "reachedAt": "2026-11-22T14:29:00.5+00:00", "updatedAt": "2026-11-22T14:29:00.5+00:00",
				 "occurredAt": "2026-11-22T14:30:00.123456+00:00",
				 "subscoreOrder": "asc", "subscore": -9007199254740991, "previousSubscore": 12}
				""";

		ScoreChanged event = this.codec.scoreChanged(json.getBytes(StandardCharsets.UTF_8));

		assertThat(event.subscoreOrder()).isEqualTo(SortOrder.ASC);
		assertThat(event.subscore()).isEqualTo(-9007199254740991L);
		assertThat(event.previousSubscore()).isEqualTo(12L);
		assertThat(Rankings.subscore(event.member())).isEqualTo(-9007199254740991L);
		assertThat(this.codec.toJson(event)).contains("\"subscore\":-9007199254740991");
	}

	@Test
	void aPlainBoardsEntryAndEventWriteNoSubscore() {
		LeaderboardEntry entry = new LeaderboardEntry(1, 7, "Alice", 4500, Instant.parse("2026-11-22T14:30:00Z"), null);
		assertThat(this.codec.toJson(entry)).doesNotContain("subscore");
		assertThat(this.codec.toJson(new LeaderboardEntry(1, 7, "Alice", 4500, -3L, null, null)))
			.contains("\"subscore\":-3");
	}

	@Test
	void readsVersionTwoScoreChangedAsHavingNoOutcomes() {
		String json = """
				{"schemaVersion": 2, "board": "weekly", "period": "2026-W47", "sortOrder": "asc", "userId": 7,
				 "nickName": "Alice", "score": 4500, "previousScore": null, "version": 3, "gamesPlayed": 5,
				 "metadata": null, "reachedAt": "2026-11-22T14:29:00.5+00:00", "updatedAt": "2026-11-22T14:29:00.5+00:00",
				 "occurredAt": "2026-11-22T14:30:00.123456+00:00"}
				""";

		ScoreChanged event = this.codec.scoreChanged(json.getBytes(StandardCharsets.UTF_8));

		assertThat(event.outcomes()).isEqualTo(Outcomes.NONE);
		assertThat(event.outcomes().winRate()).isNull();
	}

	@Test
	void aScoreChangedNamesItsCohortOnlyOnABoardWithCohorts() {
		String json = """
				{"schemaVersion": 3, "board": "cup", "period": "all", "sortOrder": "desc", "userId": 7,
				 "nickName": "Alice", "score": 45, "previousScore": null, "version": 1, "gamesPlayed": 1,
				 "metadata": null, "reachedAt": "2026-11-22T14:29:00+00:00", "updatedAt": "2026-11-22T14:29:00+00:00",
				 "occurredAt": "2026-11-22T14:29:00+00:00", "cohort": "eu-3"}
				""";

		ScoreChanged event = this.codec.scoreChanged(json.getBytes(StandardCharsets.UTF_8));

		assertThat(event.cohort()).isEqualTo("eu-3");
		assertThat(this.codec.toJson(event)).contains("\"cohort\":\"eu-3\"");
		ScoreChanged plain = new ScoreChanged(3, "cup", "all", SortOrder.DESC, 7, "Alice", 45, null, 1, 1, null, null,
				event.reachedAt(), event.updatedAt(), event.occurredAt());
		assertThat(this.codec.toJson(plain)).doesNotContain("cohort");
	}

	@Test
	void anEntryShowsItsTierOnlyOnABoardWithTiers() {
		LeaderboardEntry plain = new LeaderboardEntry(1, 7, "Alice", 45, Instant.parse("2026-11-22T14:29:00Z"), null);

		assertThat(this.codec.toJson(plain)).doesNotContain("tier");
		assertThat(this.codec.toJson(plain.withTier("gold"))).contains("\"tier\":\"gold\"");
		assertThat(this.codec.entries("[" + this.codec.toJson(plain) + "]")).containsExactly(plain);
	}

	@Test
	void playerDetailsCarryOutcomesAndReadOlderDetailsAsNone() {
		PlayerDetails details = new PlayerDetails("Ann", Instant.parse("2026-11-22T14:30:00Z"), 4,
				new Outcomes(1, 2, 1), null);

		assertThat(this.codec.toJson(details)).isEqualTo("{\"nickName\":\"Ann\",\"updatedAt\":\"2026-11-22T14:30:00Z\","
				+ "\"gamesPlayed\":4,\"outcomes\":{\"wins\":1,\"losses\":2,\"draws\":1},\"metadata\":null}");
		assertThat(this.codec.playerDetails(this.codec.toJson(details))).isEqualTo(details);
		assertThat(this.codec
			.playerDetails(
					"{\"nickName\":\"Ann\",\"updatedAt\":\"2026-11-22T14:30:00Z\",\"gamesPlayed\":4,\"metadata\":null}")
			.outcomes()).isEqualTo(Outcomes.NONE);
	}

	@Test
	void readsModerationDecisionsAsPostgresqlWritesThem() {
		String hidden = """
				{"schemaVersion": 1, "board": "cup", "sortOrder": "desc", "userId": 7, "version": 12,
				 "occurredAt": "2026-11-22T14:30:00.123456+00:00"}
				""";

		PlayerHidden hide = this.codec.playerHidden(hidden.getBytes(StandardCharsets.UTF_8));
		PlayerShown show = this.codec.playerShown(hidden.replace("12", "13").getBytes(StandardCharsets.UTF_8));

		assertThat(hide)
			.isEqualTo(new PlayerHidden(1, "cup", SortOrder.DESC, 7, 12, Instant.parse("2026-11-22T14:30:00.123456Z")));
		assertThat(hide.hidden()).isTrue();
		assertThat(hide.key()).isEqualTo("7");
		assertThat(show.version()).isEqualTo(13);
		assertThat(show.hidden()).isFalse();
		assertThat(this.codec.toJson(hide))
			.isEqualTo("{\"schemaVersion\":1,\"board\":\"cup\",\"sortOrder\":\"desc\",\"userId\":7,\"version\":12,"
					+ "\"occurredAt\":\"2026-11-22T14:30:00.123456Z\"}");
	}

	@Test
	void rejectsPoisonModerationDecisions() {
		for (String json : List.of("{}", "{\"schemaVersion\":1,\"board\":\"cup\",\"userId\":7}",
				"{\"schemaVersion\":1,\"board\":\"cup\",\"sortOrder\":\"desc\",\"userId\":7,\"version\":0,"
						+ "\"occurredAt\":\"2026-11-22T14:30:00Z\"}")) {
			assertThatExceptionOfType(MalformedEventException.class).as(json)
				.isThrownBy(() -> this.codec.playerHidden(json.getBytes(StandardCharsets.UTF_8)));
		}
	}

	@Test
	void readsEntryRemovedAsPostgresqlWritesIt() {
		String json = """
				{"schemaVersion": 1, "board": "cup-weekly", "period": "2026-W47", "sortOrder": "asc", "userId": 7,
				 "version": 5, "occurredAt": "2026-11-22T14:30:00.123456+00:00"}
				""";

		EntryRemoved removed = this.codec.entryRemoved(json.getBytes(StandardCharsets.UTF_8));

		assertThat(removed).isEqualTo(new EntryRemoved(1, "cup-weekly", "2026-W47", SortOrder.ASC, 7, 5,
				Instant.parse("2026-11-22T14:30:00.123456Z")));
		assertThat(removed.key()).isEqualTo("7");
		assertThat(this.codec.toJson(removed))
			.isEqualTo("{\"schemaVersion\":1,\"board\":\"cup-weekly\",\"period\":\"2026-W47\",\"sortOrder\":\"asc\","
					+ "\"userId\":7,\"version\":5,\"occurredAt\":\"2026-11-22T14:30:00.123456Z\"}");
	}

	@Test
	void rejectsPoisonEntryRemovals() {
		for (String json : List.of("{}", "{\"schemaVersion\":1,\"board\":\"cup\",\"userId\":7,\"version\":2}",
				"{\"schemaVersion\":1,\"board\":\"cup\",\"period\":\"all\",\"sortOrder\":\"desc\",\"userId\":7,"
						+ "\"version\":0,\"occurredAt\":\"2026-11-22T14:30:00Z\"}")) {
			assertThatExceptionOfType(MalformedEventException.class).as(json)
				.isThrownBy(() -> this.codec.entryRemoved(json.getBytes(StandardCharsets.UTF_8)));
		}
	}

	@Test
	void roundTripsLeaderboardChanged() {
		LeaderboardChanged changed = new LeaderboardChanged(2, "global", "all", 42,
				List.of(new LeaderboardEntry(1, 7, "Alice", 4500, Instant.parse("2026-11-22T14:30:00Z"), null)),
				List.of(new RankChange(7, "Alice", 3L, 1L, 4000L, 4500L)), true, Instant.parse("2026-11-22T14:30:00Z"),
				Instant.parse("2026-11-22T14:30:01Z"));

		assertThat(this.codec.leaderboardChanged(this.codec.toBytes(changed))).isEqualTo(changed);
	}

	@Test
	void ignoresFieldsAddedByNewerProducers() {
		String json = """
				{"schemaVersion": 3, "board": "global", "period": "all", "sortOrder": "desc", "userId": 7,
				 "nickName": "Alice", "score": 1, "previousScore": 0, "version": 1, "gamesPlayed": 1, "metadata": null,
				 "reachedAt": "2026-11-22T14:30:00Z", "updatedAt": "2026-11-22T14:30:00Z", "occurredAt": "2026-11-22T14:30:00Z", "region": "eu"}
				""";

		assertThat(this.codec.scoreChanged(json.getBytes(StandardCharsets.UTF_8)).schemaVersion()).isEqualTo(3);
	}

	@Test
	void rejectsPoisonEvents() {
		String outOfRange = """
				{"schemaVersion": 2, "board": "global", "period": "all", "sortOrder": "desc", "userId": 1,
				 "nickName": "a", "score": 9007199254740993, "previousScore": null, "version": 1, "gamesPlayed": 1,
				 "metadata": null, "reachedAt": "2026-11-22T14:30:00Z", "updatedAt": "2026-11-22T14:30:00Z", "occurredAt": "2026-11-22T14:30:00Z"}
				""";
		String badOrder = outOfRange.replace("9007199254740993", "1").replace("\"desc\"", "\"up\"");
		for (String json : List.of("not json", "{}", "{\"schemaVersion\":2,\"board\":\"global\",\"userId\":1}",
				outOfRange, badOrder)) {
			assertThatExceptionOfType(MalformedEventException.class).as(json)
				.isThrownBy(() -> this.codec.scoreChanged(json.getBytes(StandardCharsets.UTF_8)));
		}
	}

	@Test
	void keysCarryTheBoardAsHashTagAndThePeriodInTheName() {
		LeaderboardKeys keys = LeaderboardKeys.of("daily", "2026-11-22");

		assertThat(List.of(keys.scores(), keys.hiddenScores(), keys.members(), keys.versions(), keys.players(),
				keys.top(), keys.generation(), keys.periods(), keys.hidden(), keys.emitted(), keys.sequence(),
				keys.livePeriod(), keys.removedDuringRebuild()))
			.allSatisfy((key) -> assertThat(key).startsWith("leaderboard:{daily}:"))
			.doesNotHaveDuplicates();
		assertThat(keys.scores()).isEqualTo("leaderboard:{daily}:2026-11-22:scores");
	}

	@Test
	void pinsThePeriodClosedShapeThatRewardServicesRead() {
		PeriodClosed closed = new PeriodClosed(1, "arena-weekly", "2026-W47", "2026-W48",
				Instant.parse("2026-11-16T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z"),
				Instant.parse("2026-11-23T00:00:10.5Z"), 1, 3,
				List.of(new PeriodResult(1, 7, "Alice", 4500, JsonMapper.shared().readTree("{\"level\":3}")),
						new PeriodResult(2, 8, "Ben", 4000, null), new PeriodResult(2, 9, "Cleo", 4000, null)));

		String json = this.codec.toJson(closed);

		assertThat(json).isEqualTo("{\"schemaVersion\":1,\"board\":\"arena-weekly\",\"period\":\"2026-W47\","
				+ "\"nextPeriod\":\"2026-W48\",\"startsAt\":\"2026-11-16T00:00:00Z\",\"endsAt\":\"2026-11-23T00:00:00Z\","
				+ "\"closedAt\":\"2026-11-23T00:00:10.500Z\",\"revision\":1,\"players\":3,\"top\":["
				+ "{\"rank\":1,\"userId\":7,\"nickName\":\"Alice\",\"score\":4500,\"metadata\":{\"level\":3}},"
				+ "{\"rank\":2,\"userId\":8,\"nickName\":\"Ben\",\"score\":4000,\"metadata\":null},"
				+ "{\"rank\":2,\"userId\":9,\"nickName\":\"Cleo\",\"score\":4000,\"metadata\":null}]}");
		assertThat(this.codec.periodClosed(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(closed);
		assertThat(closed.key()).isEqualTo("arena-weekly");
		assertThat(Topics.forEventType(PeriodClosed.TYPE)).isEqualTo(Topics.LEADERBOARD_PERIODS);
		assertThat(Topics.forEventType(PlayerHidden.TYPE)).isEqualTo(Topics.SCORE_EVENTS);
	}

	@Test
	void rejectsAPeriodClosedWithoutARevision() {
		String json = """
				{"schemaVersion": 1, "board": "cup", "period": "2026-W47", "closedAt": "2026-11-23T00:00:10Z",
				 "revision": 0, "players": 0, "top": []}
				""";

		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> this.codec.periodClosed(json.getBytes(StandardCharsets.UTF_8)));
	}

}
