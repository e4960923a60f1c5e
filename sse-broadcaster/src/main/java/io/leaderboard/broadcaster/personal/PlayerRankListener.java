package io.leaderboard.broadcaster.personal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.MalformedEventException;
import io.leaderboard.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds personal streams from {@code player-ranks}; like the board notifications, every
 * instance reads every record (a group of its own), from the newest on.
 */
@Component
class PlayerRankListener {

	private static final Logger logger = LoggerFactory.getLogger(PlayerRankListener.class);

	private final PersonalHub hub;

	private final EventCodec codec;

	PlayerRankListener(PersonalHub hub, EventCodec codec) {
		this.hub = hub;
		this.codec = codec;
	}

	@KafkaListener(id = "player-ranks", topics = Topics.PLAYER_RANKS, groupId = "${leaderboard.stream.group-id}")
	void on(ConsumerRecord<String, byte[]> record) {
		// every projected score passes here and few players watch their own stream: the
		// key (the player) decides before the value is decoded
		if (!watched(record.key())) {
			return;
		}
		try {
			this.hub.publish(this.codec.playerRankChanged(record.value()));
		}
		catch (MalformedEventException ex) {
			logger.warn("Ignoring malformed player rank at {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
		}
	}

	private boolean watched(String key) {
		try {
			return key == null || this.hub.watches(Long.parseLong(key));
		}
		catch (NumberFormatException ex) {
			// not a key the projector writes: let the decoding judge the record
			return true;
		}
	}

}
