package io.leaderboard.publisher.outbox;

import io.leaderboard.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The publisher may start before any consumer, so it declares the topic it writes. */
@Configuration(proxyBeanMethods = false)
class ScoreEventsTopicConfiguration {

	@Bean
	NewTopic scoreEventsTopic(@Value("${leaderboard.kafka.replication-factor:1}") int replicas) {
		return TopicBuilder.name(Topics.SCORE_EVENTS)
			.partitions(Topics.SCORE_EVENTS_PARTITIONS)
			.replicas(replicas)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.SCORE_EVENTS_RETENTION.toMillis()))
			.build();
	}

}
