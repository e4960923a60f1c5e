package io.leaderboard.publisher.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Waits for {@code NOTIFY score_events_outbox}, sent by a trigger on every outbox insert,
 * so an idle publisher reacts within milliseconds without polling hard. If the listening
 * connection breaks, waiting degrades to a plain timed pause and the connection is made
 * again on the next wait.
 */
@Component
class OutboxWakeup implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(OutboxWakeup.class);

	private final DataSource dataSource;

	private Connection connection;

	OutboxWakeup(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Returns when a notification arrives or the timeout passes.
	 * @return whether rows were notified
	 */
	boolean await(Duration timeout) throws InterruptedException {
		try {
			PGConnection listener = listener();
			PGNotification[] notifications = listener.getNotifications((int) Math.max(1, timeout.toMillis()));
			return notifications != null && notifications.length > 0;
		}
		catch (SQLException ex) {
			logger.debug("LISTEN connection unusable, pausing instead: {}", ex.getMessage());
			close();
			Thread.sleep(timeout.toMillis());
			return false;
		}
	}

	private PGConnection listener() throws SQLException {
		if (this.connection == null || this.connection.isClosed()) {
			this.connection = this.dataSource.getConnection();
			this.connection.setAutoCommit(true);
			try (Statement statement = this.connection.createStatement()) {
				statement.execute("LISTEN score_events_outbox");
			}
		}
		return this.connection.unwrap(PGConnection.class);
	}

	@Override
	public void close() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// already broken
			}
			this.connection = null;
		}
	}

}
