package io.leaderboard.support.redis;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class RedisClusterNodesTests {

	private final RedisClusterNodes nodes = new RedisClusterNodes();

	@Test
	void theNodesOfRedisClusterNodesBecomeSpringBootsClusterNodes() {
		MockEnvironment environment = new MockEnvironment().withProperty("REDIS_CLUSTER_NODES",
				" 127.0.0.1:7000,127.0.0.1:7001 ");

		this.nodes.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.data.redis.cluster.nodes"))
			.isEqualTo("127.0.0.1:7000,127.0.0.1:7001");
	}

	@Test
	void unsetOrBlankLeavesRedisStandalone() {
		MockEnvironment unset = new MockEnvironment();
		MockEnvironment blank = new MockEnvironment().withProperty("REDIS_CLUSTER_NODES", " ");

		this.nodes.postProcessEnvironment(unset, new SpringApplication());
		this.nodes.postProcessEnvironment(blank, new SpringApplication());

		assertThat(unset.containsProperty("spring.data.redis.cluster.nodes")).isFalse();
		assertThat(blank.containsProperty("spring.data.redis.cluster.nodes")).isFalse();
	}

	@Test
	void explicitClusterNodesWin() {
		MockEnvironment environment = new MockEnvironment().withProperty("REDIS_CLUSTER_NODES", "a:1")
			.withProperty("spring.data.redis.cluster.nodes", "b:2");

		this.nodes.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.data.redis.cluster.nodes")).isEqualTo("b:2");
	}

}
