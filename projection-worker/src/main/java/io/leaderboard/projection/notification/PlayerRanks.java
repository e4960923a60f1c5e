package io.leaderboard.projection.notification;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.PlayerRankChanged;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.events.Topics;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells a player their new rank once their score is projected, on {@code player-ranks}
 * for their personal stream, and only while a broadcaster holds such a stream: most
 * players never open one, and their scores then cost no message. Sent without waiting for
 * the broker: a lost message only means a watching player learns their rank with their
 * next score, and the projection of the batch must not wait for it.
 */
@Component
public class PlayerRanks {

	private static final Logger logger = LoggerFactory.getLogger(PlayerRanks.class);

	private final KafkaTemplate<String, byte[]> kafka;

	private final EventCodec codec;

	private final WatchedPlayers watchedPlayers;

	PlayerRanks(KafkaTemplate<String, byte[]> kafka, EventCodec codec, WatchedPlayers watchedPlayers) {
		this.kafka = kafka;
		this.codec = codec;
		this.watchedPlayers = watchedPlayers;
	}

	/**
	 * @param events projected events of one batch
	 * @param ranks each event's new rank, in the same order
	 */
	public void tell(List<ScoreChanged> events, List<Long> ranks) {
		if (events.isEmpty()) {
			return;
		}
		Set<Long> watched;
		try {
			watched = this.watchedPlayers.among(events.stream().map(ScoreChanged::userId).toList());
		}
		catch (RuntimeException ex) {
			// the batch is projected; its players learn their ranks with their next score
			logger.debug("Watched players not known, no ranks sent: {}", ex.getMessage());
			return;
		}
		for (int i = 0; i < events.size(); i++) {
			if (watched.contains(events.get(i).userId())) {
				send(events.get(i), ranks.get(i));
			}
		}
	}

	private void send(ScoreChanged event, long rank) {
		PlayerRankChanged changed = new PlayerRankChanged(PlayerRankChanged.SCHEMA_VERSION, event.board(),
				event.period(), event.userId(), event.score(), rank, Instant.now(), event.subscore());
		this.kafka.send(Topics.PLAYER_RANKS, changed.key(), this.codec.toBytes(changed)).whenComplete((sent, ex) -> {
			if (ex != null) {
				logger.debug("Rank of player {} not sent: {}", changed.userId(), ex.getMessage());
			}
		});
	}

}
