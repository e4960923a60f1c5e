package io.leaderboard.broadcaster.fanout;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import reactor.core.publisher.FluxSink;

/**
 * The frames of one emission of a hub (an update, a heartbeat, a period's close), handed
 * to each connection on its own event loop: one task per loop then writes and flushes all
 * of that loop's connections, inline, where the write path would otherwise hand each
 * connection's write to its loop separately, one after the other on the notification
 * thread. The loops' writes run in parallel, and the notification thread only decides who
 * gets which frame.
 *
 * <p>
 * Made and sent under the hub's lock, so a connection gets its frames in the order the
 * hub decided them: its loop runs its tasks in order. A connection whose loop is unknown
 * (a test's subscriber) is handed its frame at once, as before.
 */
final class Dispatch {

	private final Map<Executor, Batch> batches = new IdentityHashMap<>(4);

	/** What one loop's batch starts with room for: its share of the hub's connections. */
	private final int share;

	Dispatch(int connections) {
		this.share = connections / 2 + 16;
	}

	void next(FluxSink<Frame> sink, Executor loop, Frame frame) {
		if (loop == null) {
			sink.next(frame);
			return;
		}
		this.batches.computeIfAbsent(loop, (key) -> new Batch(this.share)).add(sink, frame);
	}

	/** Ends the stream after the frames handed to it before. */
	void complete(FluxSink<Frame> sink, Executor loop) {
		if (loop == null) {
			sink.complete();
			return;
		}
		this.batches.computeIfAbsent(loop, (key) -> new Batch(this.share)).add(sink, null);
	}

	void send() {
		this.batches.forEach((loop, batch) -> {
			try {
				loop.execute(batch);
			}
			catch (RejectedExecutionException ex) {
				// the loop is shutting down: its connections are closing anyway
				batch.run();
			}
		});
	}

	/** One loop's share: parallel arrays, no object per connection. */
	private static final class Batch implements Runnable {

		private FluxSink<?>[] sinks;

		private Frame[] frames;

		private int size;

		Batch(int capacity) {
			this.sinks = new FluxSink<?>[capacity];
			this.frames = new Frame[capacity];
		}

		void add(FluxSink<Frame> sink, Frame frame) {
			if (this.size == this.sinks.length) {
				this.sinks = Arrays.copyOf(this.sinks, this.size * 2);
				this.frames = Arrays.copyOf(this.frames, this.size * 2);
			}
			this.sinks[this.size] = sink;
			this.frames[this.size] = frame;
			this.size++;
		}

		@Override
		@SuppressWarnings("unchecked")
		public void run() {
			for (int i = 0; i < this.size; i++) {
				FluxSink<Frame> sink = (FluxSink<Frame>) this.sinks[i];
				if (this.frames[i] != null) {
					sink.next(this.frames[i]);
				}
				else {
					sink.complete();
				}
			}
		}

	}

}
