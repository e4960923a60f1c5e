package io.leaderboard.projection.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.Boards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.RankChange;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.SortOrder;
import io.leaderboard.events.Topics;
import io.leaderboard.projection.layout.BoardLayouts;
import io.leaderboard.projection.notification.TopReader.Top;
import io.micrometer.core.instrument.Counter;
import io.leaderboard.support.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;

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
	 * How long a sharded board remembers the highest generation offered: far longer than
	 * a read in flight takes.
	 */
	private static final Duration OFFERED_GENERATION_KEPT = Duration.ofSeconds(10);

	/**
	 * KEYS: top, emitted, sequence, generation, live period, the board's periods. ARGV:
	 * top JSON, member list, now (ms), throttle (ms), the generation the top was read at,
	 * period, and '' for a board in one set of keys, else whether some shard holds the
	 * period ('1'/'0'). Returns {sequence, membershipChanged, the top last notified in
	 * this period or ''}: sequence 0 = nothing new, a stale read or a period older than
	 * the live one, -1 = throttled, -2 = Redis does not hold the period (a closed period
	 * that left it), whose top is neither cached nor told. A top read before the board
	 * last changed is refused: a fresher offer follows. Period ids of one schedule sort
	 * in time order, so a late event of a period that has reset updates its ranking but
	 * tells no spectator. A missing sequence starts at the current time in milliseconds,
	 * so sequences keep increasing even across a loss of Redis data, and broadcasters
	 * never mistake new for old.
	 *
	 * <p>
	 * A sharded board's ranking and periods live in keys of its shards, on other slots,
	 * so the caller asks those whether the period is held, and the board's own generation
	 * key keeps the highest generation (sum over the shards) offered lately: a lower one
	 * is an older read. It expires, so that a shard that lost its data (and its
	 * generation) cannot silence the board for long.
	 */
	private static final RedisScript<List> DECIDE = RedisScript.of("""
			if ARGV[7] == '' then
			  if redis.call('SISMEMBER', KEYS[6], ARGV[6]) == 0 then return {-2, 0, ''} end
			  if tonumber(redis.call('GET', KEYS[4]) or '0') > tonumber(ARGV[5]) then return {0, 0, ''} end
			else
			  if ARGV[7] == '0' then return {-2, 0, ''} end
			  local offered = tonumber(redis.call('GET', KEYS[4]) or '0')
			  if offered > tonumber(ARGV[5]) then return {0, 0, ''} end
			  redis.call('SET', KEYS[4], ARGV[5], 'PX', %d)
			end
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then redis.call('SET', KEYS[1], ARGV[1]) end
			local live = redis.call('GET', KEYS[5])
			if live and live > ARGV[6] then return {0, 0, ''} end
			if live ~= ARGV[6] then redis.call('SET', KEYS[5], ARGV[6]) end
			local last = redis.call('HMGET', KEYS[2], 'top', 'members', 'at', 'period')
			local same_period = last[4] == ARGV[6]
			if same_period and last[1] == ARGV[1] then return {0, 0, ''} end
			local membership = 0
			if (not same_period) or last[2] ~= ARGV[2] then membership = 1 end
			local at = tonumber(last[3] or '0')
			if membership == 1 or tonumber(ARGV[3]) - at >= tonumber(ARGV[4]) then
			  redis.call('HSET', KEYS[2], 'top', ARGV[1], 'members', ARGV[2], 'at', ARGV[3], 'period', ARGV[6])
			  if redis.call('EXISTS', KEYS[3]) == 0 then redis.call('SET', KEYS[3], ARGV[3]) end
			  local previous = ''
			  if same_period and last[1] then previous = last[1] end
			  return {redis.call('INCR', KEYS[3]), membership, previous}
			end
			return {-1, membership, ''}
			""".formatted(OFFERED_GENERATION_KEPT.toMillis()), List.class);

	private final StringRedisTemplate redis;

	private final KafkaTemplate<String, byte[]> kafka;

	private final EventCodec codec;

	private final TopReader topReader;

	private final TopTiers tiers;

	private final BoardLayouts layouts;

	private final NotificationProperties properties;

	/** The board periods this instance has projected, for the trailing check. */
	private final Set<Unit> units = ConcurrentHashMap.newKeySet();

	/**
	 * Per board period, the newest score not notified yet: when it was accepted and its
	 * trace. Noted before the score reaches Redis, so that the trailing check, which may
	 * notice the new top first, still names them.
	 */
	private final Map<Unit, Newest> newest = new ConcurrentHashMap<>();

	private final EventTracing tracing;

	private final Counter emitted;

	private final Counter throttled;

	TopNotifier(StringRedisTemplate redis, KafkaTemplate<String, byte[]> kafka, EventCodec codec, TopReader topReader,
			TopTiers tiers, BoardLayouts layouts, NotificationProperties properties, EventTracing tracing,
			MeterRegistry meters) {
		this.layouts = layouts;
		this.tiers = tiers;
		this.redis = redis;
		this.tracing = tracing;
		this.kafka = kafka;
		this.codec = codec;
		this.topReader = topReader;
		this.properties = properties;
		this.emitted = meters.counter("leaderboard.notifications", "outcome", "emitted");
		this.throttled = meters.counter("leaderboard.notifications", "outcome", "throttled");
	}

	/**
	 * Offers the current top of a board period.
	 * @param latestScoreAt when the newest score behind this top was accepted, if known
	 */
	public void offer(String board, String period, SortOrder order, Top current, Instant latestScoreAt) {
		offer(board, period, order, current, latestScoreAt, null);
	}

	/**
	 * Offers the current top of a board period.
	 * @param latestScoreAt when the newest score behind this top was accepted, if known
	 * @param traceParent the trace of the newest score behind this top, if known: the
	 * notification continues it, even when the throttle sends it later
	 */
	public void offer(String board, String period, SortOrder order, Top current, Instant latestScoreAt,
			String traceParent) {
		List<LeaderboardEntry> top = this.tiers.of(board, period, order, current.entries());
		Unit unit = new Unit(board, period, order);
		this.units.add(unit);
		note(unit, latestScoreAt, traceParent);
		LeaderboardKeys keys = LeaderboardKeys.of(board, period);
		String members = top.stream()
			.map((entry) -> Long.toString(entry.userId()))
			.sorted()
			.collect(Collectors.joining(","));
		List<?> decision = this.redis.execute(DECIDE,
				List.of(keys.top(), keys.emitted(), keys.sequence(), keys.generation(), keys.livePeriod(),
						keys.periods()),
				this.codec.toJson(top), members, Long.toString(System.currentTimeMillis()),
				Long.toString(this.properties.throttle().toMillis()), Long.toString(current.generation()), period,
				held(board, period));
		long sequence = ((Number) decision.get(0)).longValue();
		if (sequence == -2) {
			// the period left Redis: the trailing check forgets it
			this.units.remove(unit);
			this.newest.remove(unit);
			return;
		}
		if (sequence == -1) {
			this.throttled.increment();
		}
		if (sequence > 0) {
			String previous = decision.get(2).toString();
			List<RankChange> changes = Rankings.changes(previous.isEmpty() ? List.of() : this.codec.entries(previous),
					top);
			Newest behind = this.newest.remove(unit);
			publish(new LeaderboardChanged(LeaderboardChanged.SCHEMA_VERSION, board, period, sequence, top, changes,
					((Number) decision.get(1)).intValue() == 1, (behind != null) ? behind.acceptedAt() : latestScoreAt,
					Instant.now()), keys, (behind != null) ? behind.traceParent() : traceParent);
		}
	}

	/** '' for a board in one set of keys; else '1' when some shard holds the period. */
	private String held(String board, String period) {
		BoardShards shards = this.layouts.of(board);
		if (!shards.sharded()) {
			return "";
		}
		for (LeaderboardKeys keys : shards.all(period)) {
			if (Boolean.TRUE.equals(this.redis.opsForSet().isMember(keys.periods(), period))) {
				return "1";
			}
		}
		return "0";
	}

	/**
	 * The trailing edge: a change held back by the throttle goes out once the window
	 * ends. Also notices changes made outside the projector, such as a hidden player.
	 */
	@Scheduled(fixedDelayString = "${leaderboard.notification.trailing-check}")
	void flushThrottled() {
		for (Unit unit : this.units) {
			try {
				offer(unit.board(), unit.period(), unit.order(),
						this.topReader.top(unit.board(), unit.period(), unit.order(), Boards.TOP_SIZE), null);
			}
			catch (RuntimeException ex) {
				logger.debug("Trailing check of {} {} failed: {}", unit.board(), unit.period(), ex.getMessage());
			}
		}
	}

	/**
	 * Notes a score about to be projected: the next notification of its board period
	 * carries when it was accepted and its trace, whichever path sends it.
	 */
	public void note(String board, String period, SortOrder order, Instant acceptedAt, String traceParent) {
		note(new Unit(board, period, order), acceptedAt, traceParent);
	}

	private void note(Unit unit, Instant acceptedAt, String traceParent) {
		if (acceptedAt == null) {
			return;
		}
		this.newest.merge(unit, new Newest(acceptedAt, traceParent),
				(old, candidate) -> candidate.acceptedAt().isBefore(old.acceptedAt()) ? old : candidate);
	}

	private record Unit(String board, String period, SortOrder order) {

	}

	private record Newest(Instant acceptedAt, String traceParent) {

	}

	private void publish(LeaderboardChanged changed, LeaderboardKeys keys, String traceParent) {
		EventTracing.Hop hop = this.tracing.hop("leaderboard notify", traceParent);
		try {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.LEADERBOARD_NOTIFICATIONS,
					changed.board(), this.codec.toBytes(changed));
			if (hop.traceParent() != null) {
				record.headers().add(EventTracing.TRACEPARENT, hop.traceParent().getBytes(StandardCharsets.UTF_8));
			}
			this.kafka.send(record).get(this.properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
		finally {
			hop.end();
		}
	}

}
