package io.leaderboard.projection.projection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.leaderboard.events.Boards;
import io.leaderboard.events.EntryRemoved;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.EventHeaders;
import io.leaderboard.events.MalformedEventException;
import io.leaderboard.events.PlayerHidden;
import io.leaderboard.events.PlayerModerated;
import io.leaderboard.events.PlayerShown;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.events.SortOrder;
import io.leaderboard.events.Topics;
import io.leaderboard.projection.notification.PlayerRanks;
import io.leaderboard.projection.notification.TopNotifier;
import io.leaderboard.projection.notification.TopReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.leaderboard.support.EventTracing;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code score-events} a batch at a time. A batch is decoded, poison records go
 * to the dead-letter topic, and the rest are applied to Redis: scores in one call per
 * board period, moderation decisions one at a time. Redis being away is thrown so the
 * container retries the whole batch until Redis answers; offsets are committed only after
 * a batch is applied.
 */
@Component
class ScoreEventListener {

	static final int ATTEMPTS = 3;

	private final EventCodec codec;

	private final RedisProjection projection;

	private final RedisModeration moderation;

	private final RedisRemoval removal;

	private final TopReader topReader;

	private final DeadLetters deadLetters;

	private final TopNotifier notifier;

	private final PlayerRanks playerRanks;

	private final Counter applied;

	private final Counter stale;

	private final Timer lag;

	private final EventTracing tracing;

	ScoreEventListener(EventCodec codec, RedisProjection projection, RedisModeration moderation, RedisRemoval removal,
			TopReader topReader, DeadLetters deadLetters, TopNotifier notifier, PlayerRanks playerRanks,
			EventTracing tracing, MeterRegistry meters) {
		this.moderation = moderation;
		this.removal = removal;
		this.topReader = topReader;
		this.tracing = tracing;
		this.playerRanks = playerRanks;
		this.codec = codec;
		this.projection = projection;
		this.deadLetters = deadLetters;
		this.notifier = notifier;
		this.applied = meters.counter("leaderboard.projection.events", "outcome", "applied");
		this.stale = meters.counter("leaderboard.projection.events", "outcome", "stale");
		this.lag = Timer.builder("leaderboard.projection.lag")
			.description("From a score being accepted to its appearance in Redis")
			.publishPercentileHistogram()
			.register(meters);
	}

	/**
	 * A moderation decision is applied where it stands among the records: the scores
	 * before it first. (A score and a decision commute in Redis, so this only keeps ranks
	 * and notifications in the order things happened.) So is a removed entry, which does
	 * not commute with the scores of its player: a new first score after it must land.
	 */
	@KafkaListener(id = "score-projection", topics = { Topics.SCORE_EVENTS, Topics.SCORE_EVENTS_REPLAY },
			groupId = "score-projection-workers", batch = "true")
	void on(List<ConsumerRecord<String, byte[]>> records) {
		Map<BoardPeriod, List<Decoded>> byPeriod = new LinkedHashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			String type = eventType(record);
			if (ScoreChanged.TYPE.equals(type)) {
				try {
					ScoreChanged event = this.codec.scoreChanged(record.value());
					byPeriod
						.computeIfAbsent(new BoardPeriod(event.board(), event.period(), event.sortOrder()),
								(unit) -> new ArrayList<>())
						.add(new Decoded(record, event));
				}
				catch (MalformedEventException ex) {
					this.deadLetters.send(record, ex);
				}
				continue;
			}
			if (EntryRemoved.TYPE.equals(type)) {
				EntryRemoved removed;
				try {
					removed = this.codec.entryRemoved(record.value());
				}
				catch (MalformedEventException ex) {
					this.deadLetters.send(record, ex);
					continue;
				}
				byPeriod.forEach(this::applyOrIsolate);
				byPeriod.clear();
				applyRemoval(record, removed);
				continue;
			}
			PlayerModerated decision;
			try {
				decision = decision(type, record);
			}
			catch (MalformedEventException ex) {
				this.deadLetters.send(record, ex);
				continue;
			}
			byPeriod.forEach(this::applyOrIsolate);
			byPeriod.clear();
			applyDecision(record, decision);
		}
		byPeriod.forEach(this::applyOrIsolate);
	}

	/** A record without the header comes from before there were other events. */
	private static String eventType(ConsumerRecord<String, byte[]> record) {
		Header header = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : ScoreChanged.TYPE;
	}

	private PlayerModerated decision(String type, ConsumerRecord<String, byte[]> record) {
		if (PlayerHidden.TYPE.equals(type)) {
			return this.codec.playerHidden(record.value());
		}
		if (PlayerShown.TYPE.equals(type)) {
			return this.codec.playerShown(record.value());
		}
		// a newer producer's event: parked until a projector that knows it replays it
		throw new MalformedEventException("unknown event type " + type, null);
	}

	/**
	 * Applies a decision with {@link #ATTEMPTS} tries when Redis refuses it for a reason
	 * other than being away, then dead-letters it. The board's top afterwards is offered
	 * to the notifier for every period the decision changed, so spectators see the player
	 * vanish or return at once.
	 */
	private void applyDecision(ConsumerRecord<String, byte[]> record, PlayerModerated decision) {
		applyAlone(record, "moderation project", (hop) -> {
			RedisModeration.Applied result = this.moderation.apply(decision);
			(result.applied() ? this.applied : this.stale).increment();
			for (String period : result.changedPeriods()) {
				this.notifier.offer(decision.board(), period, decision.sortOrder(),
						this.topReader.top(decision.board(), period, decision.sortOrder(), Boards.TOP_SIZE), null,
						hop.traceParent());
			}
		});
	}

	/**
	 * Applies a removal like a decision. The period's top afterwards goes to the
	 * notifier, so spectators see the player leave and those behind move up (the personal
	 * {@code moved-up} and {@code entered-top} come from that notification's changes, as
	 * for any score).
	 */
	private void applyRemoval(ConsumerRecord<String, byte[]> record, EntryRemoved removed) {
		applyAlone(record, "removal project", (hop) -> {
			RedisRemoval.Applied result = this.removal.apply(removed, Boards.TOP_SIZE);
			(result.applied() ? this.applied : this.stale).increment();
			this.notifier.offer(removed.board(), removed.period(), removed.sortOrder(), result.top(), null,
					hop.traceParent());
		});
	}

	/**
	 * Runs one event's application with {@link #ATTEMPTS} tries when Redis refuses it for
	 * a reason other than being away, then dead-letters it; Redis being away is thrown.
	 */
	private void applyAlone(ConsumerRecord<String, byte[]> record, String span, Consumer<EventTracing.Hop> apply) {
		for (int attempt = 1;; attempt++) {
			EventTracing.Hop hop = this.tracing.hop(span, traceParent(record));
			try {
				apply.accept(hop);
				return;
			}
			catch (DataAccessException ex) {
				if (infrastructure(ex)) {
					throw ex;
				}
				if (attempt == ATTEMPTS) {
					this.deadLetters.send(record, ex);
					return;
				}
			}
			finally {
				hop.end();
			}
		}
	}

	/**
	 * Applies a board period's events together. When Redis refuses them for a reason
	 * other than being away, each event gets {@link #ATTEMPTS} tries of its own, and one
	 * that still fails is dead-lettered, so a poison event cannot block its partition.
	 */
	private void applyOrIsolate(BoardPeriod unit, List<Decoded> decoded) {
		try {
			apply(unit, decoded);
		}
		catch (DataAccessException ex) {
			if (infrastructure(ex)) {
				throw ex;
			}
			for (Decoded one : decoded) {
				applyAlone(unit, one);
			}
		}
	}

	private void applyAlone(BoardPeriod unit, Decoded one) {
		for (int attempt = 1;; attempt++) {
			try {
				apply(unit, List.of(one));
				return;
			}
			catch (DataAccessException ex) {
				if (infrastructure(ex)) {
					throw ex;
				}
				if (attempt == ATTEMPTS) {
					this.deadLetters.send(one.record(), ex);
					return;
				}
			}
		}
	}

	/** Redis or the network being away or slow: waiting is the answer, not the DLQ. */
	private static boolean infrastructure(DataAccessException ex) {
		return ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException
				|| ex instanceof RecoverableDataAccessException;
	}

	/**
	 * A score counts in the period it was accepted in, so a late event of a period that
	 * has since reset still lands there.
	 */
	private void apply(BoardPeriod unit, List<Decoded> decoded) {
		List<ScoreChanged> events = decoded.stream().map(Decoded::event).toList();
		// each score's trace goes on through its projection, and the newest one's into
		// the notification
		List<EventTracing.Hop> hops = decoded.stream()
			.map((one) -> this.tracing.hop("score project", traceParent(one.record())))
			.toList();
		try {
			// noted before Redis: the notifier's trailing check may see the new top first
			int newest = 0;
			for (int i = 1; i < events.size(); i++) {
				if (!events.get(i).occurredAt().isBefore(events.get(newest).occurredAt())) {
					newest = i;
				}
			}
			Instant newestAt = events.get(newest).occurredAt();
			String newestTrace = hops.get(newest).traceParent();
			this.notifier.note(unit.board(), unit.period(), unit.order(), newestAt, newestTrace);
			RedisProjection.Applied result = this.projection.apply(unit.board(), unit.period(), unit.order(), events,
					Boards.TOP_SIZE);
			Instant now = Instant.now();
			List<ScoreChanged> projected = new ArrayList<>(events.size());
			List<Long> ranks = new ArrayList<>(events.size());
			for (int i = 0; i < events.size(); i++) {
				ScoreChanged event = events.get(i);
				if (result.applied().get(i)) {
					this.applied.increment();
					projected.add(event);
					ranks.add(result.ranks().get(i));
					this.lag.record(Duration.between(event.occurredAt(), now));
				}
				else {
					this.stale.increment();
				}
			}
			this.playerRanks.tell(projected, ranks);
			// even a batch of stale events refreshes the top: a crash may have come
			// between an earlier apply and its notification
			this.notifier.offer(unit.board(), unit.period(), unit.order(), result.top(), newestAt, newestTrace);
		}
		finally {
			hops.forEach(EventTracing.Hop::end);
		}
	}

	private static String traceParent(ConsumerRecord<String, byte[]> record) {
		Header header = record.headers().lastHeader(EventTracing.TRACEPARENT);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private record Decoded(ConsumerRecord<String, byte[]> record, ScoreChanged event) {

	}

	private record BoardPeriod(String board, String period, SortOrder order) {

	}

}
