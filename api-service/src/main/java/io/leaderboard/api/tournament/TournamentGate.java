package io.leaderboard.api.tournament;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.Competition;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Admits submissions to boards that require a join or cap attempts, in the transaction
 * that then writes the admitted ones: one statement for every such submission of a batch,
 * none for plain boards. Each admitted submission's attempt is counted by an upsert of
 * its player's row, whose lock the transaction keeps until it commits, so concurrent
 * submissions of one player queue there and never pass the cap; a refused one writes
 * nothing and leaves the rest of the batch to commit.
 * <p>
 * Only the board submitted to is checked: a board it links to takes the score whatever
 * that board's own join and attempt rules.
 */
@Component
public class TournamentGate {

	/**
	 * Finds the players, registering those a board without joins meets for the first time
	 * (a board with joins met them at the join); reads whether each joined; counts the
	 * attempt of each player who may play, unless their board's cap is reached (the cap
	 * as PostgreSQL holds it, read under the row lock). Rows are locked in key order, so
	 * two batches never wait for each other in a cycle.
	 */
	private static final String SQL_ADMIT = """
			WITH input AS (
			  SELECT * FROM unnest(CAST(:entrant AS int[]), CAST(:subject AS varchar[]), CAST(:nickName AS varchar[]),
			                       CAST(:board AS varchar[]), CAST(:period AS varchar[]),
			                       CAST(:joinRequired AS boolean[]))
			    AS i(entrant, subject, nick_name, board, period, join_required)
			), existing AS (
			  SELECT u.id, u.subject FROM input i
			  CROSS JOIN LATERAL (SELECT u.id, u.subject FROM users u WHERE u.subject = i.subject OFFSET 0) u
			), inserted AS (
			  INSERT INTO users (subject, nick_name)
			  SELECT i.subject, i.nick_name FROM input i
			  WHERE NOT i.join_required AND NOT EXISTS (SELECT 1 FROM existing e WHERE e.subject = i.subject)
			  ORDER BY i.subject
			  ON CONFLICT (subject) DO NOTHING
			  RETURNING id, subject
			), players AS (
			  SELECT i.entrant, i.board, i.period, i.join_required, p.id AS user_id,
			         EXISTS (SELECT 1 FROM tournament_players t
			                 WHERE t.board = i.board AND t.period = i.period AND t.user_id = p.id
			                   AND t.joined_at IS NOT NULL) AS joined
			  FROM input i JOIN (SELECT id, subject FROM existing UNION ALL SELECT id, subject FROM inserted) p
			    ON p.subject = i.subject
			), counted AS (
			  INSERT INTO tournament_players AS t (board, period, user_id, attempts)
			  SELECT board, period, user_id, 1 FROM players WHERE joined OR NOT join_required
			  ORDER BY board, period, user_id
			  ON CONFLICT (board, period, user_id) DO UPDATE SET attempts = t.attempts + 1
			    WHERE t.attempts < coalesce((SELECT l.max_attempts FROM leaderboards l WHERE l.id = t.board), 2147483647)
			  RETURNING t.board, t.period, t.user_id, t.attempts
			)
			SELECT i.entrant, p.user_id, coalesce(p.joined, false) AS joined, c.attempts,
			       (SELECT l.max_attempts FROM leaderboards l WHERE l.id = i.board) - c.attempts AS attempts_left
			FROM input i
			LEFT JOIN players p ON p.entrant = i.entrant
			LEFT JOIN counted c ON c.board = p.board AND c.period = p.period AND c.user_id = p.user_id
			""";

	private final JdbcClient jdbc;

	TournamentGate(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Whether submissions to the board pass this gate: plain boards never do. */
	public static boolean guards(Board board) {
		Competition competition = board.competition();
		return competition.joinRequired() || competition.maxAttempts() != null;
	}

	/**
	 * Admits or refuses each entrant, in the caller's transaction, counting the attempts
	 * of those admitted.
	 * @param entrants at most one per player, board and period, each on a board this gate
	 * {@link #guards(Board) guards}
	 * @return one admission per entrant, in the same order
	 */
	public List<Admission> admit(List<Entrant> entrants) {
		Admission[] admissions = new Admission[entrants.size()];
		List<Integer> unregistered = query(entrants, admissions);
		if (!unregistered.isEmpty()) {
			// a concurrent first submission of the same player won the users insert; this
			// statement saw neither row, the next one sees the winner's
			List<Entrant> again = unregistered.stream().map(entrants::get).toList();
			Admission[] retried = new Admission[again.size()];
			if (!query(again, retried).isEmpty()) {
				throw new IllegalStateException("player " + again.get(0).subject() + " could not be registered");
			}
			for (int j = 0; j < again.size(); j++) {
				admissions[unregistered.get(j)] = retried[j];
			}
		}
		return Arrays.asList(admissions);
	}

	/** Fills in the admissions; answers the entrants whose player is not registered. */
	private List<Integer> query(List<Entrant> entrants, Admission[] admissions) {
		int size = entrants.size();
		int[] entrant = new int[size];
		String[] subject = new String[size];
		String[] nickName = new String[size];
		String[] board = new String[size];
		String[] period = new String[size];
		boolean[] joinRequired = new boolean[size];
		for (int i = 0; i < size; i++) {
			Entrant each = entrants.get(i);
			entrant[i] = i;
			subject[i] = each.subject();
			nickName[i] = each.nickName();
			board[i] = each.board().id();
			period[i] = each.period();
			joinRequired[i] = each.board().competition().joinRequired();
		}
		List<Integer> unregistered = new ArrayList<>();
		this.jdbc.sql(SQL_ADMIT)
			.param("entrant", entrant)
			.param("subject", subject)
			.param("nickName", nickName)
			.param("board", board)
			.param("period", period)
			.param("joinRequired", joinRequired)
			.query((RowCallbackHandler) (rs) -> {
				int i = rs.getInt("entrant");
				Entrant each = entrants.get(i);
				boolean registered = rs.getObject("user_id") != null;
				if (!registered && !joinRequired[i]) {
					unregistered.add(i);
				}
				else if (joinRequired[i] && !rs.getBoolean("joined")) {
					admissions[i] = Admission.refused(TournamentRefusal.notJoined(each.board(), each.period()));
				}
				else if (rs.getObject("attempts") == null) {
					admissions[i] = Admission.refused(TournamentRefusal.attemptsExhausted(each.board(), each.period()));
				}
				else {
					admissions[i] = Admission.admitted((Integer) rs.getObject("attempts_left"));
				}
			});
		return unregistered;
	}

	/**
	 * A submission as the gate sees it.
	 *
	 * @param subject the token's subject
	 * @param nickName the nick name a first submission registers
	 * @param board the board submitted to
	 * @param period its period there
	 */
	public record Entrant(String subject, String nickName, Board board, String period) {

	}

	/**
	 * The gate's answer for one submission.
	 *
	 * @param attemptsLeft the submissions the player has left in the period once this one
	 * is written, null on a board without a cap or when refused
	 * @param refusal why the submission is refused, null when admitted
	 */
	public record Admission(Integer attemptsLeft, TournamentRefusal refusal) {

		static Admission admitted(Integer attemptsLeft) {
			return new Admission(attemptsLeft, null);
		}

		static Admission refused(TournamentRefusal refusal) {
			return new Admission(null, refusal);
		}

		public boolean isAdmitted() {
			return this.refusal == null;
		}

	}

}
