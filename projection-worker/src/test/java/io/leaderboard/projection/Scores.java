package io.leaderboard.projection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.leaderboard.events.EntryRemoved;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.EventHeaders;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PlayerHidden;
import io.leaderboard.events.PlayerModerated;
import io.leaderboard.events.PlayerShown;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.events.SortOrder;
import io.leaderboard.events.Topics;
import io.leaderboard.testsupport.TestInfrastructure;
import io.leaderboard.testsupport.TestTokens;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Publishes score events the way the outbox publisher does. */
public final class Scores {

	private static final EventCodec codec = new EventCodec();

	private Scores() {
	}

	public static void register(DynamicPropertyRegistry registry) {
		TestInfrastructure.registerPostgres(registry);
		TestInfrastructure.registerRedis(registry);
		TestInfrastructure.registerKafka(registry);
		TestTokens.register(registry);
	}

	/**
	 * Empties Redis the way a test wants it: the sentinel stays, so the projector does
	 * not take the flush for a loss of data and rebuild from PostgreSQL, which these
	 * tests' events never went through.
	 */
	public static void flush(StringRedisTemplate redis) {
		redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		redis.opsForValue().set(LeaderboardKeys.projectionSentinel(), "tests");
	}

	public static ScoreChanged event(long userId, String nickName, long score, long version) {
		return event("global", "all", SortOrder.DESC, userId, nickName, score, version, Instant.now());
	}

	public static ScoreChanged event(String board, String period, SortOrder order, long userId, String nickName,
			long score, long version, Instant reachedAt) {
		return new ScoreChanged(ScoreChanged.SCHEMA_VERSION, board, period, order, userId, nickName, score, null,
				version, version, null, null, reachedAt, reachedAt, Instant.now());
	}

	/** An event of a board with a tie-break subscore. */
	public static ScoreChanged event(String board, SortOrder subscoreOrder, long userId, long score, long subscore,
			Instant reachedAt) {
		return new ScoreChanged(ScoreChanged.SCHEMA_VERSION, board, "all", SortOrder.DESC, userId, "p" + userId, score,
				null, 1, 1, null, null, reachedAt, reachedAt, Instant.now(), subscoreOrder, subscore, null, null);
	}

	/** A player's score as the projection shows it, null when not visible. */
	public static Double visibleScore(StringRedisTemplate redis, LeaderboardKeys keys, long userId) {
		Object member = redis.opsForHash().get(keys.members(), Long.toString(userId));
		return (member != null) ? redis.opsForZSet().score(keys.scores(), member.toString()) : null;
	}

	/**
	 * Publishes a moderation decision, its type in the header as the publisher sets it.
	 */
	public static void send(KafkaTemplate<String, byte[]> kafka, PlayerModerated decision) throws Exception {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SCORE_EVENTS, decision.key(),
				codec.toBytes(decision));
		String type = (decision instanceof PlayerHidden) ? PlayerHidden.TYPE : PlayerShown.TYPE;
		record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
		kafka.send(record).get();
	}

	/** Publishes a removed entry, its type in the header as the publisher sets it. */
	public static void send(KafkaTemplate<String, byte[]> kafka, EntryRemoved removal) throws Exception {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SCORE_EVENTS, removal.key(),
				codec.toBytes(removal));
		record.headers().add(EventHeaders.EVENT_TYPE, EntryRemoved.TYPE.getBytes(StandardCharsets.UTF_8));
		kafka.send(record).get();
	}

	public static void send(KafkaTemplate<String, byte[]> kafka, ScoreChanged event) throws Exception {
		kafka.send(Topics.SCORE_EVENTS, event.key(), codec.toBytes(event)).get();
	}

}
