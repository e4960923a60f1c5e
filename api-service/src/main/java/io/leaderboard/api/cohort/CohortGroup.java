package io.leaderboard.api.cohort;

import io.leaderboard.api.board.Competition;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The group whose cohorts a player fills: the value of the board's {@code cohortKey}
 * claim in the player's token. Players without the claim (or on a board without a key)
 * share the group "", whose cohorts are named by number alone ("1", "2", …).
 */
public final class CohortGroup {

	/** The longest group kept: a cohort id is the group, a dash and a number. */
	public static final int MAX_LENGTH = 32;

	private CohortGroup() {
	}

	/**
	 * The player's group on a board with cohorts. Characters other than letters, digits,
	 * '_', '.' and '-' become '_': a cohort id is part of Redis members and URLs, and
	 * must never hold the '/' that separates it from a user id there.
	 */
	public static String of(Jwt token, Competition competition) {
		String value = (competition.cohortKey() != null) ? token.getClaimAsString(competition.cohortKey()) : null;
		if (value == null || value.isBlank()) {
			return "";
		}
		String cleaned = value.strip().replaceAll("[^A-Za-z0-9_.-]", "_");
		return (cleaned.length() > MAX_LENGTH) ? cleaned.substring(0, MAX_LENGTH) : cleaned;
	}

}
