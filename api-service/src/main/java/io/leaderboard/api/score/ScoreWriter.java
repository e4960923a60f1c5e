package io.leaderboard.api.score;

import java.util.ArrayList;
import java.util.List;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.tournament.TournamentGate;
import io.leaderboard.api.tournament.TournamentGate.Admission;
import io.leaderboard.api.tournament.TournamentGate.Entrant;
import io.leaderboard.api.tournament.TournamentRefusal;

import org.springframework.stereotype.Component;

/**
 * Writes submissions in the caller's transaction, each first admitted by its board's
 * tournament rules (join, attempts): the submissions to plain boards go straight to the
 * one batch statement, those to tournaments pass one more statement for all of them
 * before it. A refused submission writes nothing and leaves the others to commit.
 */
@Component
class ScoreWriter {

	private final ScoreSubmission submission;

	private final TournamentGate gate;

	ScoreWriter(ScoreSubmission submission, TournamentGate gate) {
		this.submission = submission;
		this.gate = gate;
	}

	/**
	 * @param submissions at most one per player
	 * @return per submission, in the same order, what became of it
	 */
	List<Written> write(List<Submission> submissions) {
		List<Admission> admissions = admit(submissions);
		List<Submission> admitted = new ArrayList<>(submissions.size());
		for (int i = 0; i < submissions.size(); i++) {
			if (admissions.get(i) == null || admissions.get(i).isAdmitted()) {
				admitted.add(submissions.get(i));
			}
		}
		List<List<StoredScore>> entries = admitted.isEmpty() ? List.of() : this.submission.write(admitted);
		List<Written> written = new ArrayList<>(submissions.size());
		int next = 0;
		for (Admission admission : admissions) {
			if (admission == null) {
				written.add(new Written(entries.get(next++), null, null));
			}
			else if (admission.isAdmitted()) {
				written.add(new Written(entries.get(next++), admission.attemptsLeft(), null));
			}
			else {
				written.add(new Written(List.of(), null, admission.refusal()));
			}
		}
		return written;
	}

	/** Per submission its admission, null where its board has no rules to check. */
	private List<Admission> admit(List<Submission> submissions) {
		List<Admission> admissions = new ArrayList<>(submissions.size());
		List<Integer> guarded = new ArrayList<>();
		List<Entrant> entrants = new ArrayList<>();
		for (int i = 0; i < submissions.size(); i++) {
			admissions.add(null);
			Submission submission = submissions.get(i);
			Target own = submission.targets().get(0);
			Board board = own.board();
			if (TournamentGate.guards(board)) {
				guarded.add(i);
				entrants.add(new Entrant(submission.player().subject(), submission.player().nickName(), board,
						own.period()));
			}
		}
		if (!entrants.isEmpty()) {
			List<Admission> answers = this.gate.admit(entrants);
			for (int j = 0; j < guarded.size(); j++) {
				admissions.set(guarded.get(j), answers.get(j));
			}
		}
		return admissions;
	}

	/**
	 * One submission, written or refused.
	 *
	 * @param entries the entries as written, one per target board; empty when refused
	 * @param attemptsLeft the submissions the player has left in the period of a board
	 * with a cap, else null
	 * @param refusal why the board refused it, null when written
	 */
	record Written(List<StoredScore> entries, Integer attemptsLeft, TournamentRefusal refusal) {

	}

}
