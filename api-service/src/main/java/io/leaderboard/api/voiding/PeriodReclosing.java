package io.leaderboard.api.voiding;

import java.util.List;

import io.leaderboard.api.voiding.SubmissionVoiding.EntryKey;

import org.springframework.stereotype.Component;

/**
 * The one place where a void reaches closed periods: a period whose results were frozen
 * when it closed must be frozen again once its entries were recomputed.
 */
@Component
class PeriodReclosing {

	/**
	 * Called in the void's transaction with every board period whose entries it
	 * recomputed or removed.
	 * <p>
	 * TODO(i15 period closing, branch with V9 closed_periods/period_results): once
	 * merged, call {@code PeriodClosing.reclose(board, period)} here for each of these
	 * periods that {@code closed_periods} holds, so the period is re-frozen as revision +
	 * 1 with a new {@code PeriodClosed} event. Until then closed periods do not exist on
	 * this branch and there is nothing to re-close.
	 */
	void recomputed(List<EntryKey> periods) {
	}

}
