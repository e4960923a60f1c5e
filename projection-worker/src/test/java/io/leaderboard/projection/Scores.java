package io.leaderboard.projection;

import java.time.Instant;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.events.Topics;
import io.leaderboard.testsupport.TestInfrastructure;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Publishes score events the way the outbox publisher does. */
public final class Scores {

	private static final EventCodec codec = new EventCodec();

	private Scores() {
	}

	public static void register(DynamicPropertyRegistry registry) {
		TestInfrastructure.registerRedis(registry);
		TestInfrastructure.registerKafka(registry);
	}

	public static void flush(StringRedisTemplate redis) {
		redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
	}

	public static ScoreChanged event(long userId, String nickName, long score, long version) {
		return new ScoreChanged(1, "global", userId, nickName, score, null, version, Instant.now());
	}

	public static void send(KafkaTemplate<String, byte[]> kafka, ScoreChanged event) throws Exception {
		kafka.send(Topics.SCORE_EVENTS, event.key(), codec.toBytes(event)).get();
	}

}
