package io.leaderboard.api.score;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.leaderboard.RankCounter;
import io.leaderboard.api.leaderboard.RankCounter.Ranks;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Group commit: the submissions that arrive while a batch is in PostgreSQL are written
 * together by the next one, in one statement and one commit, and each request is answered
 * once that commit is durable. Under light load a batch is a single submission and waits
 * for nothing; under heavy load one commit carries hundreds, which is what lets one
 * machine take thousands of durable scores a second (a commit, not a row, is what costs).
 * <p>
 * A batch that PostgreSQL refuses because of one of its submissions (a total out of
 * range, a lock cycle with another instance) is written again one submission at a time,
 * so only the culprit is refused; a batch that fails because PostgreSQL is unreachable
 * fails as a whole, at once. A submission that a tournament refuses (not joined, out of
 * attempts) writes nothing; the batch commits without it, and its request is answered
 * with the refusal.
 */
@Component
class GroupCommit implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(GroupCommit.class);

	private final ScoreWriter writer;

	private final RankCounter ranks;

	private final TransactionTemplate transactions;

	private final GroupCommitProperties properties;

	private final BlockingQueue<Pending> queue;

	private final DistributionSummary batchSizes;

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean running;

	GroupCommit(ScoreWriter writer, RankCounter ranks, PlatformTransactionManager transactions,
			GroupCommitProperties properties, MeterRegistry meters) {
		this.writer = writer;
		this.ranks = ranks;
		this.transactions = new TransactionTemplate(transactions);
		this.properties = properties;
		this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
		this.batchSizes = DistributionSummary.builder("leaderboard.submissions.batch.size")
			.description("Submissions written by one statement and one commit")
			.register(meters);
		Gauge.builder("leaderboard.submissions.queued", this.queue, BlockingQueue::size)
			.description("Submissions waiting for a writer")
			.register(meters);
	}

	/**
	 * Writes the submission with whichever batch takes it, and waits until that batch is
	 * committed.
	 * @return the entries as written, and the rank on the submission's own board when
	 * Redis told it for the whole batch
	 */
	Committed write(Submission submission) {
		Pending pending = new Pending(submission);
		if (!this.running || !this.queue.offer(pending)) {
			throw busy();
		}
		return pending.await();
	}

	private void run() {
		// a player's second submission waits for the next batch: one statement cannot
		// change the same entry twice
		List<Pending> deferred = new ArrayList<>();
		List<Pending> batch = new ArrayList<>(this.properties.maxBatch());
		Set<String> subjects = new HashSet<>();
		while (this.running || !this.queue.isEmpty() || !deferred.isEmpty()) {
			try {
				List<Pending> candidates = new ArrayList<>(deferred);
				deferred.clear();
				if (candidates.isEmpty()) {
					Pending first = this.queue.poll(100, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					candidates.add(first);
				}
				this.queue.drainTo(candidates, Math.max(0, this.properties.maxBatch() - candidates.size()));
				for (Pending pending : candidates) {
					boolean fits = batch.size() < this.properties.maxBatch()
							&& subjects.add(pending.submission().player().subject());
					(fits ? batch : deferred).add(pending);
				}
				write(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | Error ex) {
				// write() answers every request itself: this is a bug, not an outage; the
				// writer lives on, so later requests do not wait for a writer that is
				// gone
				logger.error("Score writer failed; answering its batch with an error", ex);
				RuntimeException failure = (ex instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException(ex);
				batch.forEach((pending) -> pending.fail(failure));
			}
			finally {
				batch.clear();
				subjects.clear();
			}
		}
	}

	private void write(List<Pending> batch) {
		List<ScoreWriter.Written> written;
		try {
			written = this.transactions
				.execute((status) -> this.writer.write(batch.stream().map(Pending::submission).toList()));
		}
		catch (RuntimeException ex) {
			if (batch.size() > 1 && causedByOne(ex)) {
				logger.debug("A batch of {} was refused ({}); writing its submissions one by one", batch.size(),
						ex.getMessage());
				batch.forEach((pending) -> write(List.of(pending)));
			}
			else {
				batch.forEach((pending) -> pending.fail(ex));
			}
			return;
		}
		// committed: from here on every request is answered with its score, or with why
		// its board refused it
		this.batchSizes.record(batch.size());
		List<Pending> accepted = new ArrayList<>(batch.size());
		List<ScoreWriter.Written> entries = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			if (written.get(i).refusal() != null) {
				batch.get(i).fail(written.get(i).refusal());
			}
			else {
				accepted.add(batch.get(i));
				entries.add(written.get(i));
			}
		}
		List<Ranks> ranks = ranksOf(accepted, entries);
		for (int i = 0; i < accepted.size(); i++) {
			ScoreWriter.Written each = entries.get(i);
			accepted.get(i)
				.complete(new Committed(each.entries(), (ranks != null) ? ranks.get(i) : null, each.attemptsLeft()));
		}
	}

	/**
	 * The answers' ranks in one round trip for the whole batch, rather than one each;
	 * null when that fails, and each request counts its own.
	 */
	private List<Ranks> ranksOf(List<Pending> batch, List<ScoreWriter.Written> written) {
		if (batch.isEmpty()) {
			return List.of();
		}
		try {
			List<RankCounter.Written> own = new ArrayList<>(batch.size());
			for (int i = 0; i < batch.size(); i++) {
				Board board = batch.get(i).submission().targets().get(0).board();
				StoredScore stored = Committed.on(board, written.get(i).entries());
				own.add(stored.toRank(board));
			}
			return this.ranks.ranksOf(own).orElse(null);
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot rank a committed batch; each request counts its own: {}", ex.getMessage());
			return null;
		}
	}

	/** Whether the failure may come from one submission rather than from PostgreSQL. */
	private static boolean causedByOne(RuntimeException ex) {
		return ex instanceof ScoreRejectedException || ex instanceof DataIntegrityViolationException
				|| ex instanceof ConcurrencyFailureException;
	}

	private static ErrorResponseException busy() {
		ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
		busy.getBody().setTitle("Too many submissions");
		busy.getBody()
			.setDetail("This instance is writing as many scores as it can; nothing was recorded. Retry in a second.");
		busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
		return busy;
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.properties.writers(); i++) {
			Thread writer = new Thread(this::run, "score-writer-" + i);
			writer.setDaemon(true);
			writer.start();
			this.writers.add(writer);
		}
	}

	/**
	 * Takes no new submission and writes what is queued; the web server has stopped
	 * taking requests by then (it stops first).
	 */
	@Override
	public void stop() {
		this.running = false;
		for (Thread writer : this.writers) {
			try {
				writer.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.writers.clear();
		Pending orphan;
		while ((orphan = this.queue.poll()) != null) {
			orphan.fail(busy());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * A committed submission.
	 *
	 * @param entries the entries as written, one per target board
	 * @param ranks the ranks on the submission's own board, null when Redis could not
	 * tell them for the batch
	 * @param attemptsLeft the submissions the player has left in the period of a board
	 * with a cap, else null
	 */
	record Committed(List<StoredScore> entries, Ranks ranks, Integer attemptsLeft) {

		/** The entry written on the board. */
		static StoredScore on(Board board, List<StoredScore> entries) {
			return entries.stream().filter((entry) -> entry.board().equals(board.id())).findFirst().orElseThrow();
		}

	}

	/** A submission and the request waiting for it. */
	private record Pending(Submission submission, CompletableFuture<Committed> result) {

		Pending(Submission submission) {
			this(submission, new CompletableFuture<>());
		}

		void complete(Committed committed) {
			this.result.complete(committed);
		}

		void fail(RuntimeException ex) {
			this.result.completeExceptionally(ex);
		}

		Committed await() {
			try {
				return this.result.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the score was being written", ex);
			}
			catch (ExecutionException ex) {
				// the writer's exception, as if the request had run the statement itself
				if (ex.getCause() instanceof RuntimeException cause) {
					throw cause;
				}
				throw new IllegalStateException(ex.getCause());
			}
		}

	}

}
