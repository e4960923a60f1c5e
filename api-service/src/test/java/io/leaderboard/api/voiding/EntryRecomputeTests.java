package io.leaderboard.api.voiding;

import java.time.Instant;
import java.util.List;

import io.leaderboard.api.board.Operator;
import io.leaderboard.api.voiding.EntryRecompute.Recomputed;
import io.leaderboard.events.SortOrder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntryRecomputeTests {

	private static final Instant T0 = Instant.parse("2026-11-16T10:00:00Z");

	@Test
	void bestKeepsTheEarliestOfEqualValuesWithItsMetadataAndTime() {
		Recomputed entry = EntryRecompute.of(Operator.BEST, SortOrder.ASC,
				List.of(feeder(1, 30, null, "{\"a\":1}", 0), feeder(2, 10, "win", "{\"a\":2}", 1),
						feeder(3, 10, "loss", "{\"a\":3}", 2), feeder(4, 20, "draw", null, 3)));

		assertThat(entry.score()).isEqualTo(10);
		assertThat(entry.rankScore()).isEqualTo(10);
		assertThat(entry.metadata()).isEqualTo("{\"a\":2}");
		assertThat(entry.reachedAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(entry.updatedAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(entry.submissionId()).isEqualTo(4);
		assertThat(List.of(entry.gamesPlayed(), entry.wins(), entry.losses(), entry.draws())).containsExactly(4L, 1L,
				1L, 1L);
	}

	@Test
	void latestIsReachedWhereTheFinalRunOfEqualValuesBegan() {
		Recomputed entry = EntryRecompute.of(Operator.LATEST, SortOrder.DESC, List.of(feeder(1, 5, null, null, 0),
				feeder(2, 7, null, null, 1), feeder(3, 7, null, null, 2), feeder(4, 7, null, "{\"b\":1}", 3)));

		assertThat(entry.score()).isEqualTo(7);
		assertThat(entry.rankScore()).isEqualTo(-7);
		assertThat(entry.reachedAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(entry.updatedAt()).isEqualTo(T0.plusSeconds(3));
		assertThat(entry.metadata()).isEqualTo("{\"b\":1}");
	}

	@Test
	void incrementKeepsTheNewestMetadataGivenAndIsReachedByTheNewestNonZeroIncrement() {
		Recomputed entry = EntryRecompute.of(Operator.INCREMENT, SortOrder.DESC,
				List.of(feeder(1, 0, null, "{\"c\":1}", 0), feeder(2, 4, null, null, 1), feeder(3, 0, null, null, 2)));
		Recomputed zeros = EntryRecompute.of(Operator.INCREMENT, SortOrder.DESC,
				List.of(feeder(1, 0, null, null, 0), feeder(2, 0, null, null, 1)));

		assertThat(entry.score()).isEqualTo(4);
		assertThat(entry.metadata()).isEqualTo("{\"c\":1}");
		assertThat(entry.reachedAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(entry.updatedAt()).isEqualTo(T0.plusSeconds(2));
		assertThat(zeros.reachedAt()).isEqualTo(T0);
		assertThat(zeros.metadata()).isNull();
	}

	@Test
	void onASubscoreBoardEachOperatorWorksOnThePairAndAMissingSubscoreCountsZero() {
		List<Feeder> counted = List.of(pair(1, 10, 50L, 0), pair(2, 10, 40L, 1), pair(3, 10, 40L, 2), pair(4, 9, 1L, 3),
				pair(5, 10, null, 4));

		Recomputed best = EntryRecompute.of(Operator.BEST, SortOrder.DESC, SortOrder.DESC, counted);
		Recomputed bestAscending = EntryRecompute.of(Operator.BEST, SortOrder.DESC, SortOrder.ASC, counted);
		Recomputed latest = EntryRecompute.of(Operator.LATEST, SortOrder.DESC, SortOrder.ASC, counted);
		Recomputed increment = EntryRecompute.of(Operator.INCREMENT, SortOrder.DESC, SortOrder.DESC, counted);
		Recomputed plain = EntryRecompute.of(Operator.BEST, SortOrder.DESC, null, counted);

		assertThat(List.of(best.score(), best.subscore(), best.rankSubscore())).containsExactly(10L, 50L, -50L);
		assertThat(bestAscending.subscore()).isZero();
		assertThat(bestAscending.reachedAt()).isEqualTo(T0.plusSeconds(4));
		assertThat(List.of(latest.score(), latest.subscore(), latest.rankSubscore())).containsExactly(10L, 0L, 0L);
		assertThat(List.of(increment.score(), increment.subscore())).containsExactly(49L, 131L);
		assertThat(plain.subscore()).isNull();
		assertThat(plain.rankSubscore()).isZero();
		assertThat(plain.reachedAt()).isEqualTo(T0);
	}

	private static Feeder pair(long id, long score, Long subscore, int second) {
		return new Feeder(id, score, null, null, T0.plusSeconds(second), subscore);
	}

	private static Feeder feeder(long id, long score, String outcome, String metadata, int second) {
		return new Feeder(id, score, outcome, metadata, T0.plusSeconds(second));
	}

}
