package io.leaderboard.support.redis;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Chooses Redis Cluster when {@code REDIS_CLUSTER_NODES} names its nodes
 * ({@code host:port,...}): maps them onto {@code spring.data.redis.cluster.nodes}, from
 * which Spring Boot builds Lettuce's cluster client. Left unset, the services use the
 * standalone Redis of {@code REDIS_HOST}/{@code REDIS_PORT}. Not a line of
 * {@code application.yml}: there an empty value would still switch Spring Boot to a
 * cluster, of no nodes. An explicit {@code spring.data.redis.cluster.nodes} wins.
 */
public class RedisClusterNodes implements EnvironmentPostProcessor, Ordered {

	/** The variable that names the cluster's nodes. */
	public static final String VARIABLE = "REDIS_CLUSTER_NODES";

	static final String PROPERTY = "spring.data.redis.cluster.nodes";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String nodes = environment.getProperty(VARIABLE);
		if (StringUtils.hasText(nodes) && !environment.containsProperty(PROPERTY)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("redisClusterNodes", Map.of(PROPERTY, nodes.trim())));
		}
	}

	/** After the configuration files are read, so that they may name the nodes too. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
