package io.leaderboard.publisher.outbox;

import java.time.Duration;

import io.leaderboard.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The publisher may start before any consumer, so it declares the topics it writes. */
@Configuration(proxyBeanMethods = false)
class OutboxTopicsConfiguration {

	@Bean
	NewTopic scoreEventsTopic(@Value("${leaderboard.kafka.replication-factor:1}") int replicas) {
		return topic(Topics.SCORE_EVENTS, Topics.SCORE_EVENTS_PARTITIONS, Topics.SCORE_EVENTS_RETENTION, replicas);
	}

	@Bean
	NewTopic leaderboardPeriodsTopic(@Value("${leaderboard.kafka.replication-factor:1}") int replicas) {
		return topic(Topics.LEADERBOARD_PERIODS, Topics.LEADERBOARD_PERIODS_PARTITIONS,
				Topics.LEADERBOARD_PERIODS_RETENTION, replicas);
	}

	private static NewTopic topic(String name, int partitions, Duration retention, int replicas) {
		return TopicBuilder.name(name)
			.partitions(partitions)
			.replicas(replicas)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()))
			.build();
	}

}
