package io.leaderboard.api.ratelimit;

import java.time.Duration;

import io.leaderboard.api.web.Routes;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.leaderboard.support.redis.NativeRedis;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The limiter talks to the Redis the application uses ({@code spring.data.redis.*}, a
 * standalone server or a cluster), through a Lettuce client of its own: while
 * disconnected it refuses commands at once instead of queueing them, so a Redis outage
 * does not slow down writes; its commands wait {@code leaderboard.rate-limits.timeout},
 * not the application's Redis timeout.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "leaderboard.rate-limits.enabled", havingValue = "true", matchIfMissing = true)
class RateLimitConfiguration {

	/**
	 * How often the limiter's cluster client asks for the topology when
	 * {@code spring.data.redis.lettuce.cluster.refresh.period} is not set.
	 */
	private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);

	@Bean(destroyMethod = "close")
	RateLimiter rateLimiter(DataRedisConnectionDetails connection, DataRedisProperties redis, ClientResources resources,
			RateLimitProperties properties, MeterRegistry meters) {
		Duration timeout = properties.timeout();
		ClientOptions options = ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder()
				.connectTimeout((redis.getConnectTimeout() != null) ? redis.getConnectTimeout() : timeout)
				.build())
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.build();
		Duration refresh = redis.getLettuce().getCluster().getRefresh().getPeriod();
		AbstractRedisClient client = NativeRedis.client(connection,
				connection.getSslBundle() != null || redis.getSsl().isEnabled(), timeout, resources, options,
				(refresh != null) ? refresh : TOPOLOGY_REFRESH);
		return RateLimiter.lettuce(client, NativeRedis.database(connection), properties, meters);
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
