package io.leaderboard.projection.notification;

import java.time.Instant;

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
 * for their personal stream. Sent without waiting for the broker: a lost message only
 * means a watching player learns their rank with their next score, and the projection of
 * the batch must not wait for it.
 */
@Component
public class PlayerRanks {

	private static final Logger logger = LoggerFactory.getLogger(PlayerRanks.class);

	private final KafkaTemplate<String, byte[]> kafka;

	private final EventCodec codec;

	PlayerRanks(KafkaTemplate<String, byte[]> kafka, EventCodec codec) {
		this.kafka = kafka;
		this.codec = codec;
	}

	public void tell(ScoreChanged event, long rank) {
		PlayerRankChanged changed = new PlayerRankChanged(PlayerRankChanged.SCHEMA_VERSION, event.board(),
				event.period(), event.userId(), event.score(), rank, Instant.now());
		this.kafka.send(Topics.PLAYER_RANKS, changed.key(), this.codec.toBytes(changed)).whenComplete((sent, ex) -> {
			if (ex != null) {
				logger.debug("Rank of player {} not sent: {}", changed.userId(), ex.getMessage());
			}
		});
	}

}
