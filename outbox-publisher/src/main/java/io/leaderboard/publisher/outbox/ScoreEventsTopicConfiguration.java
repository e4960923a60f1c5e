package io.leaderboard.publisher.outbox;

import java.time.Duration;

import io.leaderboard.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Six partitions give headroom over the planned peak (seed 004 §5). */
@Configuration(proxyBeanMethods = false)
class ScoreEventsTopicConfiguration {

	@Bean
	NewTopic scoreEventsTopic(@Value("${leaderboard.kafka.replication-factor:1}") int replicas) {
		return TopicBuilder.name(Topics.SCORE_EVENTS)
			.partitions(6)
			.replicas(replicas)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofHours(24).toMillis()))
			.build();
	}

}
