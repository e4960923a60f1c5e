package io.leaderboard.projection.projection;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A batch that fails is retried, without limit, with growing pauses up to 5 s. Poison
 * records never reach this point (they are dead-lettered while decoding), so what fails
 * here is Redis or Kafka being away, and the right answer is to wait for them: offsets
 * stay uncommitted and the projector catches up when they return.
 */
@Configuration(proxyBeanMethods = false)
class RetryConfiguration {

	@Bean
	DefaultErrorHandler projectionErrorHandler() {
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxInterval(5_000);
		return new DefaultErrorHandler(backOff);
	}

}
