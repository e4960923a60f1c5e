package io.leaderboard.api.board;

import java.time.Instant;
import java.util.List;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.SortOrder;

/**
 * A board's definition.
 *
 * @param maxScore the plausibility bound of a submitted value (of the increment on an
 * {@code increment} board), null for none
 * @param linkedBoards boards that every submission to this one also updates
 * @param competition subscore, tournament, cohorts and tiers, {@link Competition#NONE}
 * for a plain board
 * @param shards how many Redis sorted sets hold the board's entries (see
 * {@link BoardShards})
 */
public record Board(String id, SortOrder sortOrder, Operator operator, ResetSchedule resetSchedule, Long maxScore,
		List<String> linkedBoards, Competition competition, int shards) {

	public Board {
		linkedBoards = List.copyOf(linkedBoards);
		competition = (competition != null) ? competition : Competition.NONE;
		BoardShards.of(id, shards);
	}

	/** A board kept in one sorted set. */
	public Board(String id, SortOrder sortOrder, Operator operator, ResetSchedule resetSchedule, Long maxScore,
			List<String> linkedBoards, Competition competition) {
		this(id, sortOrder, operator, resetSchedule, maxScore, linkedBoards, competition, 1);
	}

	/** A plain board. */
	public Board(String id, SortOrder sortOrder, Operator operator, ResetSchedule resetSchedule, Long maxScore,
			List<String> linkedBoards) {
		this(id, sortOrder, operator, resetSchedule, maxScore, linkedBoards, Competition.NONE);
	}

	/** Where the board's entries live in Redis. */
	public BoardShards placement() {
		return BoardShards.of(this.id, this.shards);
	}

	public Period periodAt(Instant instant) {
		return this.resetSchedule.periodAt(instant);
	}

	/** Whether a submitted value is within this board's plausibility bound. */
	public boolean allows(long value) {
		return this.maxScore == null || value <= this.maxScore;
	}

}
