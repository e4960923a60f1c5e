package io.leaderboard.projection;

import io.leaderboard.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics this service reads and writes. {@code score-events} is declared here too
 * (the same way the publisher declares it) so the consumer can start first.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

	private final int replicas;

	KafkaTopicsConfiguration(@Value("${leaderboard.kafka.replication-factor:1}") int replicas) {
		this.replicas = replicas;
	}

	@Bean
	NewTopic scoreEventsTopic() {
		return TopicBuilder.name(Topics.SCORE_EVENTS)
			.partitions(Topics.SCORE_EVENTS_PARTITIONS)
			.replicas(this.replicas)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.SCORE_EVENTS_RETENTION.toMillis()))
			.build();
	}

	@Bean
	NewTopic notificationsTopic() {
		// compacted: a late reader only needs the latest top of each board
		return TopicBuilder.name(Topics.LEADERBOARD_NOTIFICATIONS)
			.partitions(Topics.LEADERBOARD_NOTIFICATIONS_PARTITIONS)
			.replicas(this.replicas)
			.config(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete")
			.config(TopicConfig.RETENTION_MS_CONFIG,
					Long.toString(Topics.LEADERBOARD_NOTIFICATIONS_RETENTION.toMillis()))
			.build();
	}

	@Bean
	NewTopic playerRanksTopic() {
		return TopicBuilder.name(Topics.PLAYER_RANKS)
			.partitions(Topics.PLAYER_RANKS_PARTITIONS)
			.replicas(this.replicas)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.PLAYER_RANKS_RETENTION.toMillis()))
			.build();
	}

	@Bean
	NewTopic replayTopic() {
		return TopicBuilder.name(Topics.SCORE_EVENTS_REPLAY)
			.partitions(1)
			.replicas(this.replicas)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.SCORE_EVENTS_REPLAY_RETENTION.toMillis()))
			.build();
	}

	@Bean
	NewTopic deadLetterTopic() {
		return TopicBuilder.name(Topics.SCORE_EVENTS_DLQ)
			.partitions(1)
			.replicas(this.replicas)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.SCORE_EVENTS_DLQ_RETENTION.toMillis()))
			.build();
	}

}
