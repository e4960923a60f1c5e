package io.leaderboard.api.board;

import io.leaderboard.events.Tier;

import java.time.Instant;
import java.util.List;

/**
 * A board's definition as clients read it, with its current period. The competition
 * fields are null (tiers empty) on a plain board.
 */
public record BoardView(String id, String sortOrder, String operator, String resetSchedule, Long maxScore,
		List<String> linkedBoards, String currentPeriod, Instant nextResetAt, SubscoreView subscore, Instant startsAt,
		Instant endsAt, boolean joinRequired, Integer maxSize, Integer maxAttempts, Integer cohortSize,
		String cohortKey, List<Tier> tiers, int shards) {

	static BoardView of(Board board, Instant now) {
		Period period = board.periodAt(now);
		Competition competition = board.competition();
		return new BoardView(board.id(), board.sortOrder().id(), board.operator().id(), board.resetSchedule().text(),
				board.maxScore(), board.linkedBoards(), period.id(), period.nextResetAt(),
				competition.hasSubscore() ? new SubscoreView(competition.subscoreOrder().id()) : null,
				competition.startsAt(), competition.endsAt(), competition.joinRequired(), competition.maxSize(),
				competition.maxAttempts(), competition.cohortSize(), competition.cohortKey(), competition.tiers(),
				board.shards());
	}

	public record SubscoreView(String sortOrder) {

	}

}
