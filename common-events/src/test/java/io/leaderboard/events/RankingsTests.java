package io.leaderboard.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RankingsTests {

	private final EventCodec codec = new EventCodec();

	@Test
	void tiedScoresShareARankAndTheNextRankSkips() {
		List<LeaderboardEntry> ranked = Rankings
			.fromTop(List.of(scored(1, 50), scored(2, 40), scored(3, 40), scored(4, 40), scored(5, 10)));

		assertThat(ranked).extracting(LeaderboardEntry::rank).containsExactly(1L, 2L, 2L, 2L, 5L);
	}

	@Test
	void aSliceInsideTheBoardIsRankedFromWhatIsAboveIt() {
		// positions 4..7 of a board where 2 players are strictly better than the first
		List<LeaderboardEntry> ranked = Rankings
			.rank(List.of(scored(1, 40), scored(2, 40), scored(3, 30), scored(4, 30)), 2, 4);

		assertThat(ranked).extracting(LeaderboardEntry::rank).containsExactly(3L, 3L, 7L, 7L);
	}

	@Test
	void anEmptyBoardHasNoRanks() {
		assertThat(Rankings.fromTop(List.of())).isEmpty();
		assertThat(Rankings.fromRedis(List.of(), List.of(), SortOrder.DESC, this.codec)).isEmpty();
	}

	@Test
	void membersSortByArrivalThenUserId() {
		Instant early = Instant.parse("2026-11-22T10:00:00.000001Z");
		Instant late = Instant.parse("2026-11-22T10:00:00.000002Z");

		List<String> members = List.of(Rankings.member(late, 1), Rankings.member(early, 99), Rankings.member(early, 9));

		assertThat(members.stream().sorted().map(Rankings::userId)).containsExactly(9L, 99L, 1L);
		assertThat(Rankings.reachedAt(Rankings.member(early, 5))).isEqualTo(early);
		assertThat(Rankings.member(early, 5)).hasSize(35).containsOnlyDigits();
	}

	@Test
	void redisRepliesAreRankedWithExactScoresAndDetails() {
		String m1 = Rankings.member(Instant.EPOCH, 1);
		String m2 = Rankings.member(Instant.EPOCH, 2);
		String m3 = Rankings.member(Instant.EPOCH, 3);
		String m4 = Rankings.member(Instant.EPOCH, 4);
		List<LeaderboardEntry> top = Rankings.fromRedis(List.of(m1, "-1e+15", m2, "-500", m3, "-500", m4, "7"), Arrays
			.asList("{\"nickName\":\"A\",\"updatedAt\":\"2026-11-22T10:00:00Z\",\"gamesPlayed\":1,\"metadata\":null}",
					"{\"nickName\":\"B\",\"updatedAt\":null,\"gamesPlayed\":2,\"metadata\":{\"car\":\"red\"}}", null,
					"{\"nickName\":\"D\",\"updatedAt\":null,\"gamesPlayed\":1,\"metadata\":null}"),
				SortOrder.DESC, this.codec);

		assertThat(top).extracting(LeaderboardEntry::rank).containsExactly(1L, 2L, 2L, 4L);
		assertThat(top).extracting(LeaderboardEntry::userId).containsExactly(1L, 2L, 3L, 4L);
		assertThat(top).extracting(LeaderboardEntry::score).containsExactly(1_000_000_000_000_000L, 500L, 500L, -7L);
		assertThat(top).extracting(LeaderboardEntry::nickName).containsExactly("A", "B", "", "D");
		assertThat(top.get(1).metadata().get("car").asString()).isEqualTo("red");
		assertThat(Rankings.redisScore("9007199254740991")).isEqualTo(9007199254740991L);
	}

	@Test
	void changesSayWhoMovedEnteredAndLeft() {
		List<LeaderboardEntry> before = List.of(entry(1, 1, 90), entry(2, 2, 80), entry(3, 3, 70));
		List<LeaderboardEntry> after = List.of(entry(1, 3, 95), entry(2, 1, 90), entry(3, 4, 85));

		assertThat(Rankings.changes(before, after)).containsExactly(new RankChange(3, "p3", 3L, 1L, 70L, 95L),
				new RankChange(1, "p1", 1L, 2L, 90L, 90L), new RankChange(4, "p4", null, 3L, null, 85L),
				new RankChange(2, "p2", 2L, null, 80L, null));
		assertThat(Rankings.changes(after, after)).isEmpty();
	}

	@Test
	void sortOrderStoresLowerAsBetter() {
		assertThat(SortOrder.DESC.stored(10)).isLessThan(SortOrder.DESC.stored(5));
		assertThat(SortOrder.ASC.stored(5)).isLessThan(SortOrder.ASC.stored(10));
		assertThat(SortOrder.DESC.score(SortOrder.DESC.stored(-42))).isEqualTo(-42);
	}

	@Test
	void onlyEqualPairsOfScoreAndSubscoreShareARank() {
		List<LeaderboardEntry> ranked = Rankings.fromTop(List.of(scored(1, 50, 9), scored(2, 50, 7), scored(3, 50, 7),
				scored(4, 50, 1), scored(5, 40, 99), scored(6, 40, 99)));

		assertThat(ranked).extracting(LeaderboardEntry::rank).containsExactly(1L, 2L, 2L, 4L, 5L, 5L);
		assertThat(ranked).extracting(LeaderboardEntry::subscore).containsExactly(9L, 7L, 7L, 1L, 99L, 99L);
	}

	@Test
	void subscoreMembersSortBySubscoreInItsOrderThenByArrivalExactlyAtTheExtremes() {
		long max = ScoreChanged.MAX_SAFE_SCORE;
		Instant early = Instant.parse("2026-11-22T10:00:00.000001Z");
		Instant late = Instant.parse("2026-11-22T10:00:00.000002Z");
		List<Long> subscores = List.of(-max, -max + 1, -1L, 0L, 1L, max - 1, max);
		for (SortOrder order : SortOrder.values()) {
			List<String> members = new java.util.ArrayList<>();
			for (long subscore : subscores) {
				members.add(Rankings.member(Rankings.tieBreak(order, subscore), late, subscore & 0xffff));
				members
					.add(Rankings.member(Rankings.tieBreak(order, subscore), early, 1_000_000 + (subscore & 0xffff)));
			}

			List<String> sorted = members.stream().sorted().toList();

			List<Long> expected = subscores.stream()
				.sorted((a, b) -> (order == SortOrder.ASC) ? Long.compare(a, b) : Long.compare(b, a))
				.flatMap((subscore) -> java.util.stream.Stream.of(subscore, subscore))
				.toList();
			assertThat(sorted).extracting(Rankings::subscore).containsExactlyElementsOf(expected);
			assertThat(sorted).allSatisfy((member) -> assertThat(member).hasSize(53));
			// among equal subscores the earlier arrival first
			assertThat(Rankings.reachedAt(sorted.get(0))).isEqualTo(early);
			assertThat(Rankings.userId(sorted.get(1))).isEqualTo(expected.get(1) & 0xffff);
			assertThat(sorted).extracting(Rankings::storedSubscore)
				.containsExactlyElementsOf(expected.stream().map(order::stored).toList());
		}
		assertThat(Rankings.tieBreak(SortOrder.DESC, max)).isEqualTo("d00000000000000000");
		assertThat(Rankings.tieBreak(SortOrder.ASC, max)).isEqualTo("a18014398509481982");
		assertThat(Rankings.tieBreak(null, 5L)).isEmpty();
		assertThat(Rankings.subscore(Rankings.member(early, 5))).isNull();
		assertThat(Rankings.storedSubscore(Rankings.member(early, 5))).isZero();
	}

	@Test
	void aSubscoreBeyondTheSafeRangeIsRefused() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Rankings.tieBreak(SortOrder.ASC, ScoreChanged.MAX_SAFE_SCORE + 1));
	}

	private static LeaderboardEntry entry(long rank, long id, long score) {
		return new LeaderboardEntry(rank, id, "p" + id, score, null, null);
	}

	private static Rankings.Scored scored(long id, long score) {
		return new Rankings.Scored(id, "p" + id, score, null, null, null);
	}

	private static Rankings.Scored scored(long id, long score, long subscore) {
		return new Rankings.Scored(id, "p" + id, score, subscore, null, null);
	}

}
