package io.leaderboard.broadcaster.personal;

import java.util.ArrayList;
import java.util.List;

import io.leaderboard.events.Boards;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.PlayerRankChanged;
import io.leaderboard.events.RankChange;

/** Turns notifications into what each player concerned is told. */
final class PersonalEvents {

	private PersonalEvents() {
	}

	static PersonalEvent of(PlayerRankChanged changed) {
		return new PersonalEvent("rank", changed.board(), changed.period(), changed.userId(), changed.rank(), null,
				List.of(), "Your rank on " + changed.board() + " is now #" + changed.rank());
	}

	/** One event per player whose place in the top changed. */
	static List<PersonalEvent> of(LeaderboardChanged changed) {
		List<PersonalEvent> events = new ArrayList<>();
		String board = changed.board();
		for (RankChange change : changed.changes()) {
			Long oldRank = change.oldRank();
			Long newRank = change.newRank();
			if (oldRank == null && newRank != null) {
				events.add(event("entered-top", changed, change, List.of(),
						"You entered the top " + Boards.TOP_SIZE + " of " + board + ": you are #" + newRank));
			}
			else if (newRank == null && oldRank != null) {
				events.add(event("left-top", changed, change, overtakers(changed, change),
						"You left the top " + Boards.TOP_SIZE + " of " + board));
			}
			else if (oldRank != null && newRank > oldRank) {
				List<String> by = overtakers(changed, change);
				events.add(event("overtaken", changed, change, by, "You were overtaken"
						+ (by.isEmpty() ? "" : " by " + String.join(", ", by)) + ": you are now #" + newRank));
			}
			else if (oldRank != null && newRank < oldRank) {
				events
					.add(event("moved-up", changed, change, List.of(), "You moved up to #" + newRank + " on " + board));
			}
		}
		return events;
	}

	/** Those who are now ahead of the player but were not before. */
	private static List<String> overtakers(LeaderboardChanged changed, RankChange player) {
		List<String> names = new ArrayList<>();
		for (RankChange other : changed.changes()) {
			boolean aheadNow = other.newRank() != null
					&& (player.newRank() == null || other.newRank() < player.newRank());
			boolean behindBefore = other.oldRank() == null || other.oldRank() > player.oldRank();
			if (other.userId() != player.userId() && aheadNow && behindBefore) {
				names.add(other.nickName());
			}
		}
		return names;
	}

	private static PersonalEvent event(String type, LeaderboardChanged changed, RankChange change, List<String> by,
			String message) {
		return new PersonalEvent(type, changed.board(), changed.period(), change.userId(), change.newRank(),
				change.oldRank(), by, message);
	}

}
