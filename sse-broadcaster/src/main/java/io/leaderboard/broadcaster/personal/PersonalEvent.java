package io.leaderboard.broadcaster.personal;

import java.util.List;

/**
 * One message of a personal stream.
 *
 * @param type {@code rank}, {@code entered-top}, {@code left-top}, {@code overtaken} or
 * {@code moved-up}
 * @param rank the player's rank now, null after leaving the top
 * @param by who overtook the player, for {@code overtaken}
 * @param message the same, for people
 */
record PersonalEvent(String type, String board, String period, long userId, Long rank, Long previousRank,
		List<String> by, String message) {

}
