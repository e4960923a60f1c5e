package io.leaderboard.api.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.LeaderboardKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * First pages of rankings, rendered to JSON once and served from memory for as long as
 * their board period does not change. Every change of a ranking bumps the period's
 * {@code generation} in Redis (the projector, a rebuild, moderation); one read (MGET) of
 * the watched generations every {@code watch-interval} tells this instance which pages
 * are stale, so a page served from memory lags Redis by at most that interval. A popular
 * board's top then costs no Redis call and no serialisation per request, only when it
 * changes. While the generations cannot be read, nothing is served from memory.
 */
@Component
class TopPages implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TopPages.class);

	private final JsonMapper json;

	private final StringRedisTemplate redis;

	private final TopCacheProperties properties;

	private final Cache<PageKey, Rendered> pages;

	/** The generation of each watched board period at the last read. */
	private final Map<Watched, Long> generations = new ConcurrentHashMap<>();

	private volatile long watchedAt;

	private ScheduledExecutorService watcher;

	private final Counter fromMemory;

	private final Counter read;

	TopPages(JsonMapper json, StringRedisTemplate redis, TopCacheProperties properties, MeterRegistry meters) {
		this.json = json;
		this.redis = redis;
		this.properties = properties;
		this.fromMemory = Counter.builder("leaderboard.reads.top")
			.description("First pages of rankings answered, by where they came from")
			.tag("from", "memory")
			.register(meters);
		this.read = Counter.builder("leaderboard.reads.top")
			.description("First pages of rankings answered, by where they came from")
			.tag("from", "store")
			.register(meters);
		this.pages = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(properties.ttl()).build();
	}

	/**
	 * The page as JSON: from memory when it was rendered at the period's current
	 * generation, else read and rendered now.
	 * @param view what of the page the answer shows (the seed's path shows only the
	 * entries)
	 */
	Rendered render(BoardShards placement, String periodId, int limit, View view, Supplier<Sourced<?>> read) {
		Watched period = new Watched(placement, periodId);
		PageKey key = new PageKey(period, limit, view);
		// taken before the read: what is read next is at least this new
		Long generation = current(period);
		Optional<Rendered> kept = kept(period, limit, view);
		if (kept.isPresent()) {
			return kept.get();
		}
		this.read.increment();
		Sourced<?> page = read.get();
		Rendered rendered = new Rendered(this.json.writeValueAsBytes(page.value()), page.source(),
				(generation != null) ? generation : -1);
		if (this.properties.enabled() && page.source() == Source.REDIS) {
			// not watched yet: kept, and served once the watcher has read its generation
			this.pages.put(key, rendered);
		}
		return rendered;
	}

	/** The page, if it is kept at its period's current generation. */
	private Optional<Rendered> kept(Watched period, int limit, View view) {
		Long generation = current(period);
		if (generation == null) {
			return Optional.empty();
		}
		Rendered kept = this.pages.getIfPresent(new PageKey(period, limit, view));
		if (kept == null || kept.generation() != generation) {
			return Optional.empty();
		}
		this.fromMemory.increment();
		return Optional.of(kept);
	}

	/** Renders a page that is not kept (a later page of a ranking, for one). */
	Rendered renderUncached(Supplier<Sourced<?>> read) {
		Sourced<?> page = read.get();
		return new Rendered(this.json.writeValueAsBytes(page.value()), page.source(), -1);
	}

	/**
	 * The period's generation, or null while this instance's view of it is not current.
	 */
	private Long current(Watched period) {
		// a few missed rounds (a busy machine) are tolerated before memory is distrusted
		long staleAfter = 10 * this.properties.watchInterval().toNanos();
		if (!this.properties.enabled() || System.nanoTime() - this.watchedAt > staleAfter) {
			return null;
		}
		return this.generations.get(period);
	}

	private void watch() {
		Set<Watched> watched = this.pages.asMap().keySet().stream().map(PageKey::period).collect(Collectors.toSet());
		this.generations.keySet().retainAll(watched);
		if (watched.isEmpty()) {
			this.watchedAt = System.nanoTime();
			return;
		}
		List<Watched> periods = new ArrayList<>(watched);
		try {
			// one MGET on the shared connection (split by slot on a cluster)
			List<String> values = this.redis.opsForValue()
				.multiGet(periods.stream().flatMap((period) -> period.generations().stream()).toList());
			int at = 0;
			for (Watched period : periods) {
				long generation = 0;
				for (int shard = 0; shard < period.placement().count(); shard++) {
					String value = values.get(at++);
					// no key: a period never changed, or Redis lost its data
					generation += (value != null) ? Long.parseLong(value) : 0L;
				}
				this.generations.put(period, generation);
			}
			this.watchedAt = System.nanoTime();
		}
		catch (DataAccessException | NumberFormatException ex) {
			this.generations.clear();
			logger.debug("Cannot read the boards' generations; serving no page from memory: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.watcher = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "top-pages-watch");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.properties.watchInterval().toNanos();
		this.watcher.scheduleWithFixedDelay(this::watch, 0, interval, TimeUnit.NANOSECONDS);
	}

	@Override
	public void stop() {
		if (this.watcher != null) {
			this.watcher.shutdownNow();
			this.watcher = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.watcher != null;
	}

	/** What a cached page shows. */
	enum View {

		/** The whole page: board, period, entries, cursor. */
		PAGE,

		/** The entries alone, as the seed's {@code GET /leaderboard/top} returns them. */
		ENTRIES

	}

	/**
	 * A page rendered to JSON.
	 *
	 * @param generation the period's generation it was read at, -1 when not known
	 */
	record Rendered(byte[] json, Source source, long generation) {

	}

	private record PageKey(Watched period, int limit, View view) {

	}

	/**
	 * A board period whose first pages are kept. Its generation is the sum of its shards'
	 * generations: each only grows, so the sum changes whenever one of them does.
	 */
	private record Watched(BoardShards placement, String period) {

		List<String> generations() {
			return this.placement.all(this.period).stream().map(LeaderboardKeys::generation).toList();
		}

	}

}
