package io.leaderboard.api.voiding;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.leaderboard.api.board.Operator;
import io.leaderboard.events.SortOrder;

/**
 * What an entry holds when built from the submissions that count in it, oldest first: the
 * submit statement's upsert replayed, so an entry recomputed after a void is the one
 * those submissions alone would have written. Games played and outcomes count them all;
 * the entry points at the newest. On a board with a subscore each value is the pair
 * (score, subscore), a submission without a subscore counting 0, and "better", "equal"
 * and "the sum" are of pairs.
 * <ul>
 * <li>{@code best}: the best value in the board's order, the earliest of equals, with its
 * metadata; reached and updated when it was submitted (the statement changes neither for
 * a value that is not strictly better);</li>
 * <li>{@code latest}: the newest value and metadata, updated then, reached when the final
 * run of equal values began (an equal value keeps {@code reached_at});</li>
 * <li>{@code increment}: the sum, the newest metadata given (a submission without any
 * keeps the one before), updated with the newest, reached with the newest non-zero
 * increment or else the first submission.</li>
 * </ul>
 */
final class EntryRecompute {

	private EntryRecompute() {
	}

	/**
	 * @param counted the submissions that count, oldest first (by accepted time, then
	 * id), at least one
	 */
	static Recomputed of(Operator operator, SortOrder order, List<Feeder> counted) {
		return of(operator, order, null, counted);
	}

	/**
	 * @param subscoreOrder the board's subscore order, null for a plain board
	 * @param counted the submissions that count, oldest first (by accepted time, then
	 * id), at least one
	 */
	static Recomputed of(Operator operator, SortOrder order, SortOrder subscoreOrder, List<Feeder> counted) {
		Comparator<Feeder> byPair = Comparator.comparingLong((Feeder feeder) -> order.stored(feeder.score()))
			.thenComparingLong((feeder) -> (subscoreOrder != null) ? subscoreOrder.stored(feeder.subscoreOrZero()) : 0);
		if (counted.isEmpty()) {
			throw new IllegalArgumentException("an entry without submissions is removed, not recomputed");
		}
		Feeder first = counted.get(0);
		Feeder last = counted.get(counted.size() - 1);
		long score;
		long subscore = 0;
		String metadata;
		Instant reachedAt;
		Instant updatedAt;
		switch (operator) {
			case BEST -> {
				Feeder best = first;
				for (Feeder feeder : counted) {
					if (byPair.compare(feeder, best) < 0) {
						best = feeder;
					}
				}
				score = best.score();
				subscore = best.subscoreOrZero();
				metadata = best.metadata();
				reachedAt = best.acceptedAt();
				updatedAt = best.acceptedAt();
			}
			case LATEST -> {
				reachedAt = first.acceptedAt();
				for (int i = 1; i < counted.size(); i++) {
					if (byPair.compare(counted.get(i), counted.get(i - 1)) != 0) {
						reachedAt = counted.get(i).acceptedAt();
					}
				}
				score = last.score();
				subscore = last.subscoreOrZero();
				metadata = last.metadata();
				updatedAt = last.acceptedAt();
			}
			case INCREMENT -> {
				score = 0;
				metadata = null;
				reachedAt = first.acceptedAt();
				for (Feeder feeder : counted) {
					score = Math.addExact(score, feeder.score());
					subscore = Math.addExact(subscore, feeder.subscoreOrZero());
					if (feeder.metadata() != null) {
						metadata = feeder.metadata();
					}
					if (feeder != first
							&& (feeder.score() != 0 || (subscoreOrder != null && feeder.subscoreOrZero() != 0))) {
						reachedAt = feeder.acceptedAt();
					}
				}
				updatedAt = last.acceptedAt();
			}
			default -> throw new IllegalStateException("unknown operator " + operator);
		}
		long wins = counted.stream().filter((feeder) -> "win".equals(feeder.outcome())).count();
		long losses = counted.stream().filter((feeder) -> "loss".equals(feeder.outcome())).count();
		long draws = counted.stream().filter((feeder) -> "draw".equals(feeder.outcome())).count();
		return new Recomputed(score, order.stored(score), (subscoreOrder != null) ? subscore : null,
				(subscoreOrder != null) ? subscoreOrder.stored(subscore) : 0, metadata, reachedAt, updatedAt, last.id(),
				counted.size(), wins, losses, draws);
	}

	/**
	 * An entry's new content.
	 *
	 * @param rankScore the score as it sorts (negated on desc boards)
	 * @param subscore the tie-break subscore, null on a plain board
	 * @param rankSubscore the subscore as it sorts, 0 on a plain board
	 * @param metadata JSON text or null
	 * @param submissionId the newest submission that counts
	 */
	record Recomputed(long score, long rankScore, Long subscore, long rankSubscore, String metadata, Instant reachedAt,
			Instant updatedAt, long submissionId, long gamesPlayed, long wins, long losses, long draws) {

	}

}
