package io.leaderboard.broadcaster.fanout;

import java.time.Instant;
import java.util.List;

import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.PeriodResult;
import io.leaderboard.events.RankChange;
import tools.jackson.databind.JsonNode;

/** The JSON shapes on the stream (docs/architecture.md). */
final class Payloads {

	private Payloads() {
	}

	record Snapshot(String type, String board, String period, long sequence, String reason,
			List<LeaderboardEntry> top) {

		Snapshot(String board, String period, long sequence, String reason, List<LeaderboardEntry> top) {
			this("snapshot", board, period, sequence, reason, top);
		}

	}

	/** The last frame before an instance stops: connect again, to any instance. */
	record Reconnect(String type, String board, String reason) {

		Reconnect(String board, String reason) {
			this("reconnect", board, reason);
		}

	}

	record Update(String type, String board, String period, long sequence, boolean membershipChanged,
			List<LeaderboardEntry> top, List<RankChange> changes) {

		Update(String board, String period, long sequence, boolean membershipChanged, List<LeaderboardEntry> top,
				List<RankChange> changes) {
			this("update", board, period, sequence, membershipChanged, top, changes);
		}

	}

	/**
	 * An update for clients that asked for {@code frames=delta}: only the rows that
	 * changed since {@code base}, the sequence it applies on, and the top's new length.
	 */
	record Delta(String type, String board, String period, long sequence, long base, int size, List<Row> rows) {

		Delta(String board, String period, long sequence, long base, int size, List<Row> rows) {
			this("delta", board, period, sequence, base, size, rows);
		}

	}

	/** A row of a delta: the entry now at {@code index} (0-based) of the top. */
	record Row(int index, long rank, long userId, String nickName, long score, Instant updatedAt, JsonNode metadata) {

		Row(int index, LeaderboardEntry entry) {
			this(index, entry.rank(), entry.userId(), entry.nickName(), entry.score(), entry.updatedAt(),
					entry.metadata());
		}

	}

	/** A period of the board is over, with its final top ({@code PeriodClosed}). */
	record PeriodClosed(String type, String board, String period, String nextPeriod, Instant closedAt, long revision,
			long players, List<PeriodResult> top) {

		PeriodClosed(io.leaderboard.events.PeriodClosed closed) {
			this("period-closed", closed.board(), closed.period(), closed.nextPeriod(), closed.closedAt(),
					closed.revision(), closed.players(), closed.top());
		}

	}

}
