package io.leaderboard.api.cohort;

import io.leaderboard.api.board.Board;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Places one registered player in a cohort of a board period, in the caller's
 * transaction: for an enrolment that is not a score (a join). Score submissions place
 * their players in bulk with the same database function.
 */
@Component
public class CohortPlacement {

	/**
	 * {@code place_in_cohorts} (V14) locks the group's fill row, so concurrent placements
	 * of the group take their seats one after another.
	 */
	private static final String SQL_PLACE = """
			SELECT cohort FROM place_in_cohorts(ARRAY[CAST(:board AS varchar)], ARRAY[CAST(:period AS varchar)],
			                                    ARRAY[CAST(:cohortGroup AS varchar)], ARRAY[CAST(:userId AS bigint)],
			                                    ARRAY[CAST(:size AS int)])
			""";

	private final JdbcClient jdbc;

	CohortPlacement(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The player's cohort in the period, placing them first if they have none yet.
	 * @param board a board with cohorts
	 * @param group see {@link CohortGroup}
	 */
	public String place(Board board, String period, long userId, String group) {
		if (!board.competition().hasCohorts()) {
			throw new IllegalArgumentException("Board " + board.id() + " has no cohorts");
		}
		return this.jdbc.sql(SQL_PLACE)
			.param("board", board.id())
			.param("period", period)
			.param("cohortGroup", group)
			.param("userId", userId)
			.param("size", board.competition().cohortSize())
			.query(String.class)
			.single();
	}

}
