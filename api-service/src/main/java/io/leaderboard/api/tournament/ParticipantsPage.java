package io.leaderboard.api.tournament;

import java.time.Instant;
import java.util.List;

/**
 * A page of the players who joined a board's period, in the order they joined;
 * {@code nextCursor} is null on the last page.
 *
 * @param size how many players joined the period
 * @param maxSize how many may, null for any number
 */
record ParticipantsPage(String board, String period, int size, Integer maxSize, List<Participant> participants,
		String nextCursor) {

	record Participant(long userId, String nickName, Instant joinedAt) {

	}

}
