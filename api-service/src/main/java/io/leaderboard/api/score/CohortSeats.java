package io.leaderboard.api.score;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Places the players of a batch in the cohorts of the boards that have them, in the
 * batch's transaction and before its scores are written, so that each entry's event
 * carries its cohort. One statement for the whole batch, and none for a batch that writes
 * no board with cohorts.
 */
@Component
class CohortSeats {

	/**
	 * Registers the players as the submit statement would, then hands every row to
	 * {@code place_in_cohorts} (V14), which serialises the placements of each group on
	 * its fill row. Returns each row's cohort.
	 */
	private static final String SQL_PLACE = """
			WITH input AS (
			  SELECT * FROM unnest(CAST(:row AS int[]), CAST(:subject AS varchar[]), CAST(:nickName AS varchar[]),
			                       CAST(:board AS varchar[]), CAST(:period AS varchar[]),
			                       CAST(:cohortGroup AS varchar[]), CAST(:size AS int[]))
			    AS i(row, subject, nick_name, board, period, cohort_group, size)
			), """ + ScoreSubmission.REGISTERED_PLAYERS + """
			, players AS (
			  SELECT i.*, p.id AS user_id
			  FROM input i JOIN (SELECT id, subject FROM existing UNION ALL SELECT id, subject FROM inserted) p
			    ON p.subject = i.subject
			), wanted AS (
			  SELECT array_agg(board) AS boards, array_agg(period) AS periods, array_agg(cohort_group) AS cohort_groups,
			         array_agg(user_id) AS user_ids, array_agg(size) AS sizes
			  FROM players
			)
			SELECT p.row, c.cohort
			FROM wanted w
			CROSS JOIN LATERAL place_in_cohorts(w.boards, w.periods, w.cohort_groups, w.user_ids, w.sizes) c
			JOIN players p ON p.board = c.board AND p.period = c.period AND p.user_id = c.user_id
			""";

	private final JdbcClient jdbc;

	CohortSeats(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The cohort of every target row of the batch, in the submit statement's row order
	 * (submission by submission, target by target), null where the board has no cohorts;
	 * null as a whole when no target has them.
	 */
	String[] place(List<Submission> submissions) {
		List<Integer> rows = new ArrayList<>();
		List<Submission> of = new ArrayList<>();
		List<Target> targets = new ArrayList<>();
		int row = 0;
		for (Submission submission : submissions) {
			for (Target target : submission.targets()) {
				if (target.placesInCohort()) {
					rows.add(row);
					of.add(submission);
					targets.add(target);
				}
				row++;
			}
		}
		if (rows.isEmpty()) {
			return null;
		}
		String[] cohorts = new String[row];
		Rows wanted = new Rows(rows, of, targets);
		Rows missing = place(wanted, cohorts);
		if (!missing.rows().isEmpty()) {
			// a concurrent first submission of the same subject won the users insert, and
			// has committed by now: a second statement finds its row
			missing = place(missing, cohorts);
		}
		if (!missing.rows().isEmpty()) {
			throw new IllegalStateException(
					"player " + missing.of().get(0).player().subject() + " could not be placed in a cohort");
		}
		return cohorts;
	}

	/** Places the rows; returns those left without a cohort. */
	private Rows place(Rows wanted, String[] cohorts) {
		int n = wanted.rows().size();
		String[] subject = new String[n];
		String[] nickName = new String[n];
		String[] board = new String[n];
		String[] period = new String[n];
		String[] group = new String[n];
		int[] size = new int[n];
		for (int i = 0; i < n; i++) {
			Target target = wanted.targets().get(i);
			subject[i] = wanted.of().get(i).player().subject();
			nickName[i] = wanted.of().get(i).player().nickName();
			board[i] = target.board().id();
			period[i] = target.period();
			group[i] = target.cohortGroup();
			size[i] = target.board().competition().cohortSize();
		}
		this.jdbc.sql(SQL_PLACE)
			.param("row", wanted.rows().stream().mapToInt(Integer::intValue).toArray())
			.param("subject", subject)
			.param("nickName", nickName)
			.param("board", board)
			.param("period", period)
			.param("cohortGroup", group)
			.param("size", size)
			.query((RowCallbackHandler) (rs) -> cohorts[rs.getInt("row")] = rs.getString("cohort"));
		Rows missing = new Rows(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		for (int i = 0; i < n; i++) {
			if (cohorts[wanted.rows().get(i)] == null) {
				missing.rows().add(wanted.rows().get(i));
				missing.of().add(wanted.of().get(i));
				missing.targets().add(wanted.targets().get(i));
			}
		}
		return missing;
	}

	/** Target rows to place: their row in the batch, submission and target. */
	private record Rows(List<Integer> rows, List<Submission> of, List<Target> targets) {

	}

}
