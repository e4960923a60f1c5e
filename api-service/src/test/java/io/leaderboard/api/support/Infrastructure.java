package io.leaderboard.api.support;

import io.leaderboard.testsupport.TestInfrastructure;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Real PostgreSQL and Redis, and a clean slate for each test. */
public final class Infrastructure {

	private Infrastructure() {
	}

	public static void register(DynamicPropertyRegistry registry) {
		TestInfrastructure.registerPostgres(registry);
		TestInfrastructure.registerRedis(registry);
	}

	public static void reset(JdbcClient jdbc, StringRedisTemplate redis) {
		jdbc.sql("TRUNCATE score_events_outbox, user_scores, users RESTART IDENTITY").update();
		redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
	}

}
