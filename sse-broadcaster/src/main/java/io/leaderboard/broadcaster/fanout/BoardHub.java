package io.leaderboard.broadcaster.fanout;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * One board's live state. A subscriber's first frames (snapshot or replay) and its
 * registration for live frames happen under one lock, and so does every publication, so
 * no update can fall between them. Each subscriber's sink keeps only the latest frame
 * when the client does not read: a slow client never delays others or grows memory.
 */
public class BoardHub {

	private final String board;

	private final EventCodec codec;

	private final StreamProperties properties;

	private final Clock clock;

	private final Object lock = new Object();

	private final Deque<Buffered> replay = new ArrayDeque<>();

	private final Set<FluxSink<Frame>> subscribers = new LinkedHashSet<>();

	private long sequence;

	private List<LeaderboardEntry> top = List.of();

	BoardHub(String board, EventCodec codec, StreamProperties properties, Clock clock) {
		this.board = board;
		this.codec = codec;
		this.properties = properties;
		this.clock = clock;
	}

	/** Takes a state read elsewhere (Redis at start) unless a newer one is known. */
	void seed(long sequence, List<LeaderboardEntry> top) {
		synchronized (this.lock) {
			if (sequence > this.sequence || this.sequence == 0) {
				this.sequence = sequence;
				this.top = List.copyOf(top);
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
			Frame frame = new Frame(changed.sequence(), "update", this.codec.toJson(
					new Payloads.Update(this.board, changed.sequence(), changed.membershipChanged(), changed.top())));
			this.sequence = changed.sequence();
			this.top = changed.top();
			this.replay.addLast(new Buffered(frame, this.clock.instant()));
			trim();
			for (FluxSink<Frame> subscriber : this.subscribers) {
				subscriber.next(frame);
			}
		}
	}

	/**
	 * The frames for a new subscriber, then every live frame.
	 * @param lastEventId the last sequence the client saw, or null for a new client
	 */
	public Flux<Frame> subscribe(Long lastEventId) {
		return Flux.create((sink) -> {
			synchronized (this.lock) {
				for (Frame frame : firstFrames(lastEventId)) {
					sink.next(frame);
				}
				this.subscribers.add(sink);
			}
			sink.onDispose(() -> {
				synchronized (this.lock) {
					this.subscribers.remove(sink);
				}
			});
		}, FluxSink.OverflowStrategy.LATEST);
	}

	/**
	 * Ends every stream, so clients reconnect (to another instance while this one stops).
	 */
	void completeAll() {
		synchronized (this.lock) {
			List<FluxSink<Frame>> open = new ArrayList<>(this.subscribers);
			this.subscribers.clear();
			open.forEach(FluxSink::complete);
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

	/**
	 * Replay when the buffer covers everything after the client's id, else a snapshot.
	 */
	List<Frame> firstFrames(Long lastEventId) {
		if (lastEventId == null) {
			return List.of(snapshot("connect"));
		}
		if (lastEventId == this.sequence) {
			return List.of();
		}
		trim();
		Buffered oldest = this.replay.peekFirst();
		if (lastEventId > this.sequence || oldest == null || lastEventId < oldest.frame().sequence() - 1) {
			return List.of(snapshot("resume-gap"));
		}
		return this.replay.stream().map(Buffered::frame).filter((frame) -> frame.sequence() > lastEventId).toList();
	}

	private Frame snapshot(String reason) {
		return new Frame(this.sequence, "snapshot",
				this.codec.toJson(new Payloads.Snapshot(this.board, this.sequence, reason, this.top)));
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

}
