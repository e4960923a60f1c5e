package io.leaderboard.api.support;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.ScoreChanged;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The score events the submissions left in the outbox, oldest first, as Kafka will carry
 * them.
 */
public final class Outbox {

	private static final EventCodec codec = new EventCodec();

	private Outbox() {
	}

	public static List<ScoreChanged> events(JdbcClient jdbc) {
		return jdbc.sql("SELECT payload::text FROM score_events_outbox WHERE event_type = 'ScoreChanged' ORDER BY id")
			.query(String.class)
			.list()
			.stream()
			.map((payload) -> codec.scoreChanged(payload.getBytes(StandardCharsets.UTF_8)))
			.toList();
	}

}
