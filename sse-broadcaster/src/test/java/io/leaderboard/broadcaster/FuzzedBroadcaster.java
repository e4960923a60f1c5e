package io.leaderboard.broadcaster;

import java.time.Duration;

import io.leaderboard.events.Boards;
import io.leaderboard.testsupport.TestInfrastructure;
import io.leaderboard.testsupport.http.ErrorLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.awaitility.Awaitility.await;

/**
 * One broadcaster on real Redis and Kafka for a fuzz test class, with a board
 * ({@link #BOARD}) besides the global one, and what it logs at ERROR collected per test.
 */
public abstract class FuzzedBroadcaster {

	/** A board that exists, as the api-service would have mirrored it. */
	protected static final String BOARD = "arena";

	protected static ConfigurableApplicationContext broadcaster;

	protected static StringRedisTemplate redis;

	protected static int port;

	protected ErrorLog errors;

	/**
	 * At the first test, not {@code @BeforeAll}: Jazzer's agent, installed in between,
	 * then instruments our classes as they load. Classes loaded before it are redefined,
	 * and a redefined record lost its fields (NoSuchFieldError in
	 * {@code ClientLimits.requestHeadTimeout()} on every connection).
	 */
	@BeforeEach
	void startOnceAndAttachErrorLog() {
		if (broadcaster == null) {
			broadcaster = Broadcasters.start(TestInfrastructure.redis());
			port = Broadcasters.port(broadcaster);
			redis = new StringRedisTemplate(broadcaster.getBean(RedisConnectionFactory.class));
			redis.opsForHash().put(Boards.DEFINITIONS_KEY, BOARD, "{\"id\":\"" + BOARD + "\"}");
			await().atMost(Duration.ofSeconds(60)).until(() -> Broadcasters.ready(port));
		}
		this.errors = ErrorLog.attach();
	}

	@AfterAll
	static void stop() {
		if (broadcaster != null) {
			broadcaster.close();
			broadcaster = null;
		}
	}

	@AfterEach
	void detachErrorLog() {
		this.errors.close();
	}

}
