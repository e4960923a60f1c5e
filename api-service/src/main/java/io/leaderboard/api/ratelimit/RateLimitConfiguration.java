package io.leaderboard.api.ratelimit;

import java.time.Duration;

import io.leaderboard.api.web.Routes;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The limiter talks to the Redis the application uses ({@code spring.data.redis.*}),
 * through a Lettuce client of its own: while disconnected it refuses commands at once
 * instead of queueing them, so a Redis outage does not slow down writes; its commands
 * wait {@code leaderboard.rate-limits.timeout}, not the application's Redis timeout.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "leaderboard.rate-limits.enabled", havingValue = "true", matchIfMissing = true)
class RateLimitConfiguration {

	@Bean(destroyMethod = "close")
	RateLimiter rateLimiter(DataRedisConnectionDetails connection, DataRedisProperties redis, ClientResources resources,
			RateLimitProperties properties, MeterRegistry meters) {
		DataRedisConnectionDetails.Standalone server = connection.getStandalone();
		if (server == null) {
			throw new IllegalStateException("Rate limits need a standalone Redis (spring.data.redis.host/port); "
					+ "set leaderboard.rate-limits.enabled=false for Sentinel or Cluster");
		}
		Duration timeout = properties.timeout();
		RedisURI.Builder uri = RedisURI.builder()
			.withHost(server.getHost())
			.withPort(server.getPort())
			.withDatabase(server.getDatabase())
			.withSsl(connection.getSslBundle() != null || redis.getSsl().isEnabled())
			.withTimeout(timeout);
		if (StringUtils.hasText(connection.getPassword())) {
			if (StringUtils.hasText(connection.getUsername())) {
				uri.withAuthentication(connection.getUsername(), connection.getPassword());
			}
			else {
				uri.withPassword(connection.getPassword().toCharArray());
			}
		}
		RedisClient client = RedisClient.create(resources);
		client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder()
				.connectTimeout((redis.getConnectTimeout() != null) ? redis.getConnectTimeout() : timeout)
				.build())
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.build());
		return RateLimiter.lettuce(client, uri.build(), properties, meters);
	}

	@Bean
	ReadLimits readLimits(RateLimiter limiter, RateLimitProperties properties) {
		return new ReadLimits(limiter, properties);
	}

	@Bean
	WriteLimits writeLimits(RateLimiter limiter, RateLimitProperties properties) {
		return new WriteLimits(limiter, properties);
	}

	@Bean
	WebMvcConfigurer rateLimitInterceptors(ReadLimits readLimits, WriteLimits writeLimits) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(writeLimits).addPathPatterns(Routes.PLAYER_WRITES);
				// every read of a board, and the ranks lookup that is a POST only for its
				// body
				registry.addInterceptor(readLimits)
					.addPathPatterns(Routes.BOARDS, Routes.BOARD_READS, Routes.GLOBAL_READS)
					.excludePathPatterns(Routes.BOARD_SCORES, Routes.BOARD_JOIN);
			}

		};
	}

}
