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

	private static Feeder feeder(long id, long score, String outcome, String metadata, int second) {
		return new Feeder(id, score, outcome, metadata, T0.plusSeconds(second));
	}

}
