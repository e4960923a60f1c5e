package io.leaderboard.projection.notification;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.Boards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Topics;
import io.leaderboard.projection.notification.TopReader.Top;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Caches a board's top and decides whether to notify. The decision is one Lua call on
 * state kept in Redis, so any number of projector instances together notify at most once
 * per window per board and number notifications with one sequence.
 */
@Component
public class TopNotifier {

	private static final Logger logger = LoggerFactory.getLogger(TopNotifier.class);

	/**
	 * KEYS: top, emitted, sequence, generation. ARGV: top JSON, member list, now (ms),
	 * throttle (ms), the generation the top was read at. Returns {sequence,
	 * membershipChanged}: sequence 0 = nothing new or a stale read, -1 = throttled. A top
	 * read before the board last changed is refused: a fresher offer follows. A missing
	 * sequence starts at the current time in milliseconds, so sequences keep increasing
	 * even across a loss of Redis data, and broadcasters never mistake new for old.
	 */
	private static final RedisScript<List> DECIDE = RedisScript.of("""
			if tonumber(redis.call('GET', KEYS[4]) or '0') > tonumber(ARGV[5]) then return {0, 0} end
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then redis.call('SET', KEYS[1], ARGV[1]) end
			local last = redis.call('HMGET', KEYS[2], 'top', 'members', 'at')
			if last[1] == ARGV[1] then return {0, 0} end
			local membership = 0
			if last[2] ~= ARGV[2] then membership = 1 end
			local at = tonumber(last[3] or '0')
			if membership == 1 or tonumber(ARGV[3]) - at >= tonumber(ARGV[4]) then
			  redis.call('HSET', KEYS[2], 'top', ARGV[1], 'members', ARGV[2], 'at', ARGV[3])
			  if redis.call('EXISTS', KEYS[3]) == 0 then redis.call('SET', KEYS[3], ARGV[3]) end
			  return {redis.call('INCR', KEYS[3]), membership}
			end
			return {-1, membership}
			""", List.class);

	private final StringRedisTemplate redis;

	private final KafkaTemplate<String, byte[]> kafka;

	private final EventCodec codec;

	private final TopReader topReader;

	private final NotificationProperties properties;

	private final Set<String> boards = ConcurrentHashMap.newKeySet();

	private final Counter emitted;

	private final Counter throttled;

	TopNotifier(StringRedisTemplate redis, KafkaTemplate<String, byte[]> kafka, EventCodec codec, TopReader topReader,
			NotificationProperties properties, MeterRegistry meters) {
		this.redis = redis;
		this.kafka = kafka;
		this.codec = codec;
		this.topReader = topReader;
		this.properties = properties;
		this.boards.add(Boards.GLOBAL);
		this.emitted = meters.counter("leaderboard.notifications", "outcome", "emitted");
		this.throttled = meters.counter("leaderboard.notifications", "outcome", "throttled");
	}

	/**
	 * Offers a board's current top.
	 * @param latestScoreAt when the newest score behind this top was accepted, if known
	 */
	public void offer(String board, Top current, Instant latestScoreAt) {
		List<LeaderboardEntry> top = current.entries();
		this.boards.add(board);
		LeaderboardKeys keys = LeaderboardKeys.of(board);
		String members = top.stream()
			.map((entry) -> Long.toString(entry.userId()))
			.sorted()
			.collect(Collectors.joining(","));
		List<?> decision = this.redis.execute(DECIDE,
				List.of(keys.top(), keys.emitted(), keys.sequence(), keys.generation()), this.codec.toJson(top),
				members, Long.toString(System.currentTimeMillis()),
				Long.toString(this.properties.throttle().toMillis()), Long.toString(current.generation()));
		long sequence = ((Number) decision.get(0)).longValue();
		if (sequence == -1) {
			this.throttled.increment();
		}
		if (sequence > 0) {
			publish(new LeaderboardChanged(LeaderboardChanged.SCHEMA_VERSION, board, sequence, top,
					((Number) decision.get(1)).intValue() == 1, latestScoreAt, Instant.now()), keys);
		}
	}

	/**
	 * The trailing edge: a change held back by the throttle goes out once the window
	 * ends.
	 */
	@Scheduled(fixedDelayString = "${leaderboard.notification.trailing-check}")
	void flushThrottled() {
		for (String board : this.boards) {
			try {
				offer(board, this.topReader.top(board, Boards.TOP_SIZE), null);
			}
			catch (RuntimeException ex) {
				logger.debug("Trailing check of {} failed: {}", board, ex.getMessage());
			}
		}
	}

	private void publish(LeaderboardChanged changed, LeaderboardKeys keys) {
		try {
			this.kafka.send(Topics.LEADERBOARD_NOTIFICATIONS, changed.board(), this.codec.toBytes(changed))
				.get(this.properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
			this.emitted.increment();
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			// forget what was "emitted" so the next check sends this change again
			this.redis.delete(keys.emitted());
			logger.warn("Could not publish notification {} of {}: {}", changed.sequence(), changed.board(),
					ex.getMessage());
		}
	}

}
