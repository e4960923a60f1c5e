package io.leaderboard.api.board;

import java.time.Instant;
import java.util.List;

import io.leaderboard.events.SortOrder;

/**
 * A board's definition.
 *
 * @param maxScore the plausibility bound of a submitted value (of the increment on an
 * {@code increment} board), null for none
 * @param linkedBoards boards that every submission to this one also updates
 * @param competition subscore, tournament, cohorts and tiers, {@link Competition#NONE}
 * for a plain board
 */
public record Board(String id, SortOrder sortOrder, Operator operator, ResetSchedule resetSchedule, Long maxScore,
		List<String> linkedBoards, Competition competition) {

	public Board {
		linkedBoards = List.copyOf(linkedBoards);
		competition = (competition != null) ? competition : Competition.NONE;
	}

	/** A plain board. */
	public Board(String id, SortOrder sortOrder, Operator operator, ResetSchedule resetSchedule, Long maxScore,
			List<String> linkedBoards) {
		this(id, sortOrder, operator, resetSchedule, maxScore, linkedBoards, Competition.NONE);
	}

	public Period periodAt(Instant instant) {
		return this.resetSchedule.periodAt(instant);
	}

	/** Whether a submitted value is within this board's plausibility bound. */
	public boolean allows(long value) {
		return this.maxScore == null || value <= this.maxScore;
	}

}
