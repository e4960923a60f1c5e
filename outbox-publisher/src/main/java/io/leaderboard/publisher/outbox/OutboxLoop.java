package io.leaderboard.publisher.outbox;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The publishing loop (seed 004 §7): again at once while batches come back full, else a
 * wait for the next NOTIFY (or the idle timeout) instead of a fixed pause, and a growing
 * pause while Kafka or PostgreSQL fail. It never gives up; rows wait safely in the outbox
 * meanwhile.
 */
@Component
@ConditionalOnProperty(name = "leaderboard.outbox.loop-enabled", matchIfMissing = true)
class OutboxLoop implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxLoop.class);

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	private final OutboxBatch batch;

	private final OutboxWakeup wakeup;

	private final OutboxProperties properties;

	private volatile boolean running;

	private Thread thread;

	OutboxLoop(OutboxBatch batch, OutboxWakeup wakeup, OutboxProperties properties) {
		this.batch = batch;
		this.wakeup = wakeup;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::run, "outbox-publisher");
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
			try {
				this.thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.wakeup.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		Duration backoff = FIRST_BACKOFF;
		while (this.running) {
			try {
				int published = this.batch.publishOnce();
				backoff = FIRST_BACKOFF;
				if (published < this.properties.batchSize()) {
					// rows committed meanwhile have already notified: then this returns
					// at once, and after the gathering delay the next batch takes
					// everything that arrived in between
					if (this.wakeup.await(this.properties.idleWait()) && !this.properties.gatherDelay().isZero()) {
						Thread.sleep(this.properties.gatherDelay().toMillis());
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				logger.warn("Publishing failed, rows stay pending; retrying in {} ms: {}", backoff.toMillis(),
						ex.getMessage());
				try {
					Thread.sleep(backoff.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				backoff = backoff.multipliedBy(2);
				if (backoff.compareTo(this.properties.maxBackoff()) > 0) {
					backoff = this.properties.maxBackoff();
				}
			}
		}
	}

}
