package io.leaderboard.api.voiding;

import java.util.List;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.period.PeriodClosing;
import io.leaderboard.api.voiding.SubmissionVoiding.EntryKey;

import org.springframework.stereotype.Component;

/**
 * The one place where a void reaches closed periods: a period whose results were frozen
 * when it closed is frozen again once its entries were recomputed, as the next revision,
 * with its corrected {@code PeriodClosed} event for reward services.
 */
@Component
class PeriodReclosing {

	private final BoardCatalog catalog;

	private final PeriodClosing closing;

	PeriodReclosing(BoardCatalog catalog, PeriodClosing closing) {
		this.catalog = catalog;
		this.closing = closing;
	}

	/**
	 * Called in the void's transaction with every board period whose entries it
	 * recomputed or removed; the ones that are not closed are left as they are.
	 */
	void recomputed(List<EntryKey> periods) {
		periods.stream()
			.distinct()
			.forEach((period) -> this.catalog.find(period.board())
				.ifPresent((board) -> this.closing.reclose(board, period.period())));
	}

}
