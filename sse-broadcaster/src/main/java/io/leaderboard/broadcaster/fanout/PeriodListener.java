package io.leaderboard.broadcaster.fanout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.MalformedEventException;
import io.leaderboard.events.PeriodClosed;
import io.leaderboard.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the hubs from {@code leaderboard-periods}: a closed period is announced to its
 * board's spectators. Every instance reads every record (a group of its own, as for
 * notifications), from the latest: a period closed while no instance listened needs no
 * announcement later.
 */
@Component
class PeriodListener {

	private static final Logger logger = LoggerFactory.getLogger(PeriodListener.class);

	private final Hubs hubs;

	private final EventCodec codec;

	PeriodListener(Hubs hubs, EventCodec codec) {
		this.hubs = hubs;
		this.codec = codec;
	}

	@KafkaListener(id = "periods", topics = Topics.LEADERBOARD_PERIODS,
			groupId = "${leaderboard.stream.group-id}-periods")
	void on(ConsumerRecord<String, byte[]> record) {
		try {
			PeriodClosed closed = this.codec.periodClosed(record.value());
			this.hubs.hub(closed.board()).periodClosed(closed);
		}
		catch (MalformedEventException ex) {
			logger.warn("Ignoring malformed closed period at {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
		}
	}

}
