package io.leaderboard.broadcaster.fanout;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.PeriodClosed;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One board's live state. A subscriber's first frames (snapshot or replay) and its
 * registration for live frames happen under one lock, and so does every publication, so
 * no update can fall between them. Each subscriber's sink keeps only the latest frame
 * when the client does not read: a slow client never delays others or grows memory.
 *
 * <p>
 * Clients that asked for delta frames share one {@code delta} frame per delivered update,
 * made against the top the hub last delivered; one that does not hold that top (it joined
 * while the rate cap held an update, or it left a frame unread, which the next replaces)
 * gets a {@code snapshot} instead, also made once per update.
 */
public class BoardHub {

	/** Closed periods remembered, to ignore a redelivered announcement. */
	private static final int ANNOUNCED_PERIODS = 16;

	private final String board;

	private final EventCodec codec;

	private final StreamProperties properties;

	private final Clock clock;

	private final Object lock = new Object();

	private final Deque<Buffered> replay = new ArrayDeque<>();

	private final Map<FluxSink<Frame>, Subscriber> subscribers = new LinkedHashMap<>();

	/** Times the rate cap; one timer per board, never one per connection. */
	private final Scheduler scheduler;

	private long lastLiveAt = Long.MIN_VALUE;

	/** The newest update held back by the rate cap, if any. */
	private Live pendingLive;

	/** The last state every subscriber in step holds: what a delta is made against. */
	private Live shown = new Live(null, 0, null, List.of());

	private Disposable pendingFlush;

	/**
	 * The snapshot a new subscriber starts with, encoded once per state rather than once
	 * per connection; null once the state changed.
	 */
	private Frame connectSnapshot;

	private long sequence;

	private List<LeaderboardEntry> top = List.of();

	/** Null until the board's first notification or seed names it. */
	private String period;

	/** The latest revision announced per closed period, for the few latest periods. */
	private final Map<String, Long> announced = new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > ANNOUNCED_PERIODS;
		}

	};

	BoardHub(String board, EventCodec codec, StreamProperties properties, Clock clock, Scheduler scheduler) {
		this.scheduler = scheduler;
		this.board = board;
		this.codec = codec;
		this.properties = properties;
		this.clock = clock;
	}

	/** Takes a state read elsewhere (Redis at start) unless a newer one is known. */
	void seed(long sequence, String period, List<LeaderboardEntry> top) {
		synchronized (this.lock) {
			if (sequence > this.sequence || this.sequence == 0) {
				this.sequence = sequence;
				this.period = period;
				this.top = List.copyOf(top);
				this.shown = new Live(null, sequence, period, this.top);
				this.connectSnapshot = null;
			}
		}
	}

	/**
	 * Publishes a notification to every subscriber, once serialised; older ones are
	 * ignored.
	 */
	void publish(LeaderboardChanged changed) {
		synchronized (this.lock) {
			if (changed.sequence() <= this.sequence) {
				return;
			}
			Frame frame = new Frame(changed.sequence(), "update",
					this.codec.toJson(new Payloads.Update(this.board, changed.period(), changed.sequence(),
							changed.membershipChanged(), changed.top(), changed.changes())),
					(changed.occurredAt() != null) ? changed.occurredAt().toEpochMilli() : 0);
			this.sequence = changed.sequence();
			this.period = changed.period();
			this.top = changed.top();
			this.connectSnapshot = null;
			this.replay.addLast(new Buffered(frame, this.clock.instant()));
			trim();
			live(new Live(frame, changed.sequence(), changed.period(), changed.top()));
		}
	}

	/**
	 * A period of the board closed: every subscriber gets a {@code period-closed} frame,
	 * then a snapshot of the period that follows (empty until its first notification), so
	 * a page can say who won and start the new period at once. Sent past the rate cap,
	 * and once per revision: the topic delivers at least once. Not replayed on resume
	 * (the frames carry the board's current sequence); the results stay readable over
	 * HTTP.
	 */
	void periodClosed(PeriodClosed closed) {
		synchronized (this.lock) {
			Long before = this.announced.get(closed.period());
			if (before != null && closed.revision() <= before) {
				return;
			}
			this.announced.put(closed.period(), closed.revision());
			this.connectSnapshot = null;
			if ((this.period == null || this.period.equals(closed.period())) && closed.nextPeriod() != null) {
				// nothing of the next period was notified yet
				this.period = closed.nextPeriod();
				this.top = List.of();
			}
			Frame announcement = new Frame(this.sequence, "period-closed",
					this.codec.toJson(new Payloads.PeriodClosed(closed)));
			Frame snapshot = snapshot("period-closed");
			Dispatch dispatch = new Dispatch(this.subscribers.size());
			for (Map.Entry<FluxSink<Frame>, Subscriber> subscriber : this.subscribers.entrySet()) {
				dispatch.next(subscriber.getKey(), subscriber.getValue().loop, announcement);
				dispatch.next(subscriber.getKey(), subscriber.getValue().loop, snapshot);
				subscriber.getValue().holds = this.sequence;
			}
			dispatch.send();
			this.shown = new Live(null, this.sequence, this.period, this.top);
		}
	}

	/**
	 * The rate cap, for every connection at once: at most one live frame per
	 * {@code minInterval}, the first at once, then the latest of what arrived meanwhile.
	 * Resuming clients still get every frame from the replay buffer.
	 */
	private void live(Live update) {
		long now = this.scheduler.now(TimeUnit.MILLISECONDS);
		long wait = (this.lastLiveAt == Long.MIN_VALUE) ? 0
				: this.lastLiveAt + this.properties.minInterval().toMillis() - now;
		if (wait <= 0) {
			deliver(update, now);
			return;
		}
		this.pendingLive = update;
		if (this.pendingFlush == null) {
			this.pendingFlush = this.scheduler.schedule(this::flushPending, wait, TimeUnit.MILLISECONDS);
		}
	}

	private void flushPending() {
		synchronized (this.lock) {
			this.pendingFlush = null;
			Live update = this.pendingLive;
			this.pendingLive = null;
			if (update != null) {
				deliver(update, this.scheduler.now(TimeUnit.MILLISECONDS));
			}
		}
	}

	private void deliver(Live update, long now) {
		this.lastLiveAt = now;
		Instant at = this.clock.instant();
		Frame delta = null;
		Frame gap = null;
		Dispatch dispatch = new Dispatch(this.subscribers.size());
		for (Map.Entry<FluxSink<Frame>, Subscriber> entry : this.subscribers.entrySet()) {
			FluxSink<Frame> sink = entry.getKey();
			Subscriber subscriber = entry.getValue();
			if (update.sequence() <= subscriber.since) {
				continue;
			}
			Frame frame = update.frame();
			if (subscriber.mode == FrameMode.DELTA) {
				// an unread frame is about to be replaced: the client would miss it
				if (subscriber.holds == this.shown.sequence() && subscriber.unreadSince == null
						&& deltaApplies(update)) {
					delta = (delta != null) ? delta : delta(update);
					frame = delta;
				}
				else {
					gap = (gap != null) ? gap : snapshot(update, "gap");
					frame = gap;
				}
				subscriber.holds = update.sequence();
			}
			if (sink.requestedFromDownstream() == 0 && subscriber.unreadSince == null) {
				// the sink keeps only this frame until the client reads again
				subscriber.unreadSince = at;
			}
			dispatch.next(sink, subscriber.loop, frame);
		}
		dispatch.send();
		this.shown = update;
	}

	private boolean deltaApplies(Live update) {
		return update.sequence() > this.shown.sequence() && Objects.equals(update.period(), this.shown.period());
	}

	/** Encoded once per delivered update, for every delta subscriber. */
	private Frame delta(Live update) {
		return new Frame(update.sequence(), "delta",
				this.codec.toJson(new Payloads.Delta(this.board, update.period(), update.sequence(),
						this.shown.sequence(), update.top().size(), Delta.rows(this.shown.top(), update.top()))),
				update.frame().notifiedAt());
	}

	/**
	 * The frames for a new subscriber, then every live frame.
	 * @param lastEventId the last sequence the client saw, or null for a new client
	 */
	public Flux<Frame> subscribe(Long lastEventId) {
		return subscribe(lastEventId, FrameMode.FULL);
	}

	/**
	 * The frames for a new subscriber, then every live frame, whole or as deltas.
	 * @param lastEventId the last sequence the client saw, or null for a new client
	 */
	public Flux<Frame> subscribe(Long lastEventId, FrameMode mode) {
		return subscribe(lastEventId, mode, null);
	}

	/**
	 * The frames for a new subscriber, then every live frame, whole or as deltas.
	 * @param lastEventId the last sequence the client saw, or null for a new client
	 * @param loop the event loop of the subscriber's connection, where its live frames
	 * are handed to it (with those of the loop's other connections), or null to hand them
	 * over on the publishing thread
	 */
	public Flux<Frame> subscribe(Long lastEventId, FrameMode mode, Executor loop) {
		Subscriber subscriber = new Subscriber(mode, loop);
		return Flux.<Frame>create((sink) -> {
			synchronized (this.lock) {
				for (Frame frame : firstFrames(lastEventId, mode)) {
					sink.next(frame);
				}
				// it has the state up to here; a frame held by the rate cap would repeat
				// it
				subscriber.since = Math.max(this.sequence, (lastEventId != null) ? lastEventId : 0);
				subscriber.holds = this.sequence;
				this.subscribers.put(sink, subscriber);
			}
			sink.onRequest((demand) -> {
				synchronized (this.lock) {
					subscriber.unreadSince = null;
				}
			});
			sink.onDispose(() -> {
				synchronized (this.lock) {
					this.subscribers.remove(sink);
				}
			});
		}, FluxSink.OverflowStrategy.LATEST).takeUntilOther(subscriber.drop.asMono());
	}

	/**
	 * One heartbeat for every connection of the board, from one timer rather than one per
	 * connection. Only connections that are reading get it, so it never displaces an
	 * unread update.
	 */
	void heartbeat() {
		synchronized (this.lock) {
			Dispatch dispatch = new Dispatch(this.subscribers.size());
			for (Map.Entry<FluxSink<Frame>, Subscriber> subscriber : this.subscribers.entrySet()) {
				if (subscriber.getKey().requestedFromDownstream() > 0) {
					dispatch.next(subscriber.getKey(), subscriber.getValue().loop, Frame.HEARTBEAT);
				}
			}
			dispatch.send();
		}
	}

	/**
	 * Ends every stream with a {@code reconnect} frame, so clients reconnect (to another
	 * instance while this one stops).
	 */
	void completeAll() {
		synchronized (this.lock) {
			Frame reconnect = new Frame(this.sequence, "reconnect",
					this.codec.toJson(new Payloads.Reconnect(this.board, "shutdown")));
			List<Map.Entry<FluxSink<Frame>, Subscriber>> open = new ArrayList<>(this.subscribers.entrySet());
			this.subscribers.clear();
			Dispatch dispatch = new Dispatch(open.size());
			open.forEach((subscriber) -> {
				dispatch.next(subscriber.getKey(), subscriber.getValue().loop, reconnect);
				dispatch.complete(subscriber.getKey(), subscriber.getValue().loop);
			});
			dispatch.send();
		}
	}

	/**
	 * Drops the connections that have left a frame unread longer than the stall timeout:
	 * a stalled client costs one frame of memory until then, and never delays others.
	 * @return how many were dropped
	 */
	int dropStalled() {
		synchronized (this.lock) {
			Instant limit = this.clock.instant().minus(this.properties.stallTimeout());
			List<FluxSink<Frame>> stalled = this.subscribers.entrySet()
				.stream()
				.filter((subscriber) -> subscriber.getValue().unreadSince != null
						&& subscriber.getValue().unreadSince.isBefore(limit))
				.map(Map.Entry::getKey)
				.toList();
			// the unread frame would hold back an error: end the stream around it
			stalled.forEach((sink) -> this.subscribers.remove(sink).drop.tryEmitEmpty());
			return stalled.size();
		}
	}

	public long sequence() {
		synchronized (this.lock) {
			return this.sequence;
		}
	}

	public List<LeaderboardEntry> top() {
		synchronized (this.lock) {
			return this.top;
		}
	}

	List<Frame> firstFrames(Long lastEventId) {
		return firstFrames(lastEventId, FrameMode.FULL);
	}

	/**
	 * Replay when the buffer covers everything after the client's id, else a snapshot; a
	 * delta client behind gets a snapshot at once, which is smaller than the updates it
	 * missed.
	 */
	List<Frame> firstFrames(Long lastEventId, FrameMode mode) {
		if (lastEventId == null) {
			if (this.connectSnapshot == null) {
				this.connectSnapshot = snapshot("connect");
			}
			return List.of(this.connectSnapshot);
		}
		if (lastEventId == this.sequence) {
			return List.of();
		}
		if (mode == FrameMode.DELTA) {
			return List.of(snapshot("gap"));
		}
		trim();
		Buffered oldest = this.replay.peekFirst();
		if (lastEventId > this.sequence || oldest == null || lastEventId < oldest.frame().sequence() - 1) {
			return List.of(snapshot("resume-gap"));
		}
		return this.replay.stream().map(Buffered::frame).filter((frame) -> frame.sequence() > lastEventId).toList();
	}

	private Frame snapshot(String reason) {
		return snapshot(new Live(null, this.sequence, this.period, this.top), reason);
	}

	private Frame snapshot(Live state, String reason) {
		return new Frame(state.sequence(), "snapshot", this.codec
			.toJson(new Payloads.Snapshot(this.board, state.period(), state.sequence(), reason, state.top())));
	}

	private void trim() {
		Instant horizon = this.clock.instant().minus(this.properties.replayRetention());
		while (!this.replay.isEmpty() && (this.replay.size() > this.properties.replayMaxEvents()
				|| this.replay.peekFirst().at().isBefore(horizon))) {
			this.replay.removeFirst();
		}
	}

	int subscriberCount() {
		synchronized (this.lock) {
			return this.subscribers.size();
		}
	}

	private record Buffered(Frame frame, Instant at) {

	}

	/**
	 * A board state: an update to deliver (with its full frame), or what subscribers
	 * hold.
	 */
	private record Live(Frame frame, long sequence, String period, List<LeaderboardEntry> top) {

	}

	/**
	 * One connection's place, updated in place under the lock: delivering allocates
	 * nothing per connection.
	 */
	private static final class Subscriber {

		final FrameMode mode;

		/** Where its live frames are handed to it, or null for the publishing thread. */
		final Executor loop;

		/** Ends the stream even while the client does not read. */
		final Sinks.Empty<Void> drop = Sinks.empty();

		/** The sequence it started after: it is sent only newer frames. */
		long since;

		/** The sequence of the top the client will hold once it has read what it got. */
		long holds;

		/** Since when it has left a frame unread, or null. */
		Instant unreadSince;

		Subscriber(FrameMode mode, Executor loop) {
			this.mode = mode;
			this.loop = loop;
		}

	}

}
