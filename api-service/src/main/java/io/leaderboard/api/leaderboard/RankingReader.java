package io.leaderboard.api.leaderboard;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.Period;
import io.leaderboard.api.leaderboard.RedisRankings.CohortRanking;
import io.leaderboard.api.leaderboard.RedisRankings.CohortStanding;
import io.leaderboard.api.leaderboard.RedisRankings.Found;
import io.leaderboard.api.leaderboard.RedisRankings.Ranked;
import io.leaderboard.api.leaderboard.Views.BoardStats;
import io.leaderboard.api.leaderboard.Views.CohortView;
import io.leaderboard.api.leaderboard.Views.Quantiles;
import io.leaderboard.api.leaderboard.Views.RankedEntries;
import io.leaderboard.api.leaderboard.Views.Standing;
import io.leaderboard.api.leaderboard.Views.TopPage;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Outcomes;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Answers leaderboard reads from Redis. Pages and standings fall back to PostgreSQL when
 * Redis cannot answer, and a standing also when the player is not projected yet. A closed
 * period that has left Redis (older than the board's hot closed periods) is answered from
 * its frozen results.
 */
@Service
class RankingReader {

	private static final Logger logger = LoggerFactory.getLogger(RankingReader.class);

	private static final List<Integer> QUANTILES = List.of(500, 900, 990);

	private final RedisRankings redis;

	private final ShardedRankings projected;

	private final PostgresRankings postgres;

	private final Clock clock;

	private final TopPages pages;

	private final FrozenRankings frozen;

	RankingReader(RedisRankings redis, ShardedRankings projected, PostgresRankings postgres, Clock clock,
			TopPages pages, FrozenRankings frozen) {
		this.redis = redis;
		this.projected = projected;
		this.postgres = postgres;
		this.clock = clock;
		this.pages = pages;
		this.frozen = frozen;
	}

	/**
	 * A page of the ranking as JSON; a first page (no cursor) comes from memory while its
	 * board period is unchanged.
	 */
	TopPages.Rendered renderedTop(Board board, String requestedPeriod, int limit, String cursorText,
			TopPages.View view) {
		Supplier<Sourced<?>> read = () -> {
			Sourced<TopPage> page = top(board, requestedPeriod, limit, cursorText);
			return (view == TopPages.View.ENTRIES) ? new Sourced<>(page.value().entries(), page.source()) : page;
		};
		if (cursorText != null) {
			return this.pages.renderUncached(read);
		}
		String period = periodOf(board, requestedPeriod);
		if (isFrozen(board, period)) {
			return this.pages.renderUncached(read);
		}
		return this.pages.render(board.placement(), period, limit, view, read);
	}

	Sourced<TopPage> top(Board board, String requestedPeriod, int limit, String cursorText) {
		Cursor after = (cursorText != null) ? Cursor.decode(cursorText) : null;
		if (after != null && requestedPeriod != null && !requestedPeriod.equals(after.period())) {
			throw new InvalidParameterException("period", "differs from the period of the cursor; pass one of them");
		}
		String period = periodOf(board, (after != null) ? after.period() : requestedPeriod);
		// one more than asked tells whether another page follows
		Sourced<Slice> slice = isFrozen(board, period)
				? new Sourced<>(this.frozen.page(board.id(), period, limit + 1, after), Source.RESULTS)
				: fromRedis(() -> this.projected.page(board.placement(), period, board.sortOrder(), limit + 1, after))
					.map((found) -> new Sourced<>(found, Source.REDIS))
					.orElseGet(() -> new Sourced<>(this.postgres.page(board.id(), period, limit + 1, after),
							Source.POSTGRESQL));
		List<LeaderboardEntry> ranked = slice.value().ranked();
		String nextCursor = (ranked.size() > limit) ? slice.value().cursors().get(limit - 1).encode() : null;
		List<LeaderboardEntry> entries = ranked.subList(0, Math.min(limit, ranked.size()));
		entries = boardTiers(board, period, entries, slice.source());
		return new Sourced<>(new TopPage(board.id(), period, current(board).nextResetAt(), entries, nextCursor),
				slice.source());
	}

	Sourced<Standing> standing(Board board, String requestedPeriod, long userId) {
		String period = periodOf(board, requestedPeriod);
		if (isFrozen(board, period)) {
			return this.frozen.player(board.id(), period, userId)
				.map((player) -> new Sourced<>(standing(board, period, player, Source.RESULTS), Source.RESULTS))
				.orElseThrow(() -> new PlayerNotFoundException(board.id(), period, userId));
		}
		// a player missing from Redis may have a score that is not projected yet
		Optional<Sourced<Found>> found = fromRedis(
				() -> this.projected.player(board.placement(), period, board.sortOrder(), userId))
			.flatMap((projected) -> projected.map((player) -> new Sourced<>(player, Source.REDIS)));
		return found
			.or(() -> this.postgres.player(board.id(), period, userId)
				.map((player) -> new Sourced<>(player, Source.POSTGRESQL)))
			.map((player) -> new Sourced<>(standing(board, period, player.value(), player.source()), player.source()))
			.orElseThrow(() -> new PlayerNotFoundException(board.id(), period, userId));
	}

	/** The player's cohort, ranked within itself. */
	Sourced<CohortView> cohort(Board board, String requestedPeriod, long userId) {
		if (!board.competition().hasCohorts()) {
			throw new NoCohortsException(board.id());
		}
		String period = periodOf(board, requestedPeriod);
		LeaderboardKeys keys = LeaderboardKeys.of(board.id(), period);
		// a closed period keeps its placements and entries in PostgreSQL
		Optional<Sourced<CohortRanking>> projected = isFrozen(board, period) ? Optional.empty()
				: fromRedis(() -> this.redis.cohort(keys, board.sortOrder(), userId))
					.flatMap((cohort) -> cohort.map((ranking) -> new Sourced<>(ranking, Source.REDIS)));
		Sourced<CohortRanking> cohort = projected
			.or(() -> this.postgres.cohort(board.id(), period, userId)
				.map((ranking) -> new Sourced<>(ranking, Source.POSTGRESQL)))
			.orElseThrow(() -> new PlayerNotFoundException(board.id(), period, userId));
		CohortRanking ranking = cohort.value();
		List<LeaderboardEntry> entries = withTiers(board, ranking.entries(), ranking.entries().size());
		return new Sourced<>(new CohortView(board.id(), period, ranking.cohort(), ranking.size(), entries),
				cohort.source());
	}

	RankedEntries around(Board board, String requestedPeriod, long userId, int radius) {
		String period = periodOf(board, requestedPeriod);
		boolean frozen = isFrozen(board, period);
		Slice slice = (frozen ? this.frozen.around(board.id(), period, userId, radius)
				: redisOnly(() -> this.projected.around(board.placement(), period, board.sortOrder(), userId, radius)))
			.orElseThrow(() -> new PlayerNotFoundException(board.id(), period, userId));
		return new RankedEntries(board.id(), period,
				boardTiers(board, period, slice.ranked(), frozen ? Source.RESULTS : Source.REDIS));
	}

	RankedEntries ranks(Board board, String requestedPeriod, List<Long> userIds) {
		String period = periodOf(board, requestedPeriod);
		List<Long> distinct = userIds.stream().distinct().toList();
		boolean frozen = isFrozen(board, period);
		List<LeaderboardEntry> entries = (frozen ? this.frozen.players(board.id(), period, distinct)
				: redisOnly(() -> this.projected.players(board.placement(), period, board.sortOrder(), distinct)))
			.entries()
			.stream()
			.map(Ranked::entry)
			.toList();
		return new RankedEntries(board.id(), period,
				boardTiers(board, period, entries, frozen ? Source.RESULTS : Source.REDIS));
	}

	BoardStats stats(Board board, String requestedPeriod) {
		String period = periodOf(board, requestedPeriod);
		RedisRankings.Stats stats = isFrozen(board, period)
				? this.frozen.stats(board.id(), period, board.sortOrder(), QUANTILES)
				: redisOnly(() -> this.projected.stats(board.placement(), period, board.sortOrder(), QUANTILES));
		Quantiles quantiles = (stats.players() == 0) ? new Quantiles(null, null, null)
				: new Quantiles(stats.scores().get(0), stats.scores().get(1), stats.scores().get(2));
		return new BoardStats(board.id(), period, stats.players(), quantiles);
	}

	/**
	 * Whether the period is closed and has left Redis; the current period never has, so
	 * reads of it ask PostgreSQL nothing.
	 */
	private boolean isFrozen(Board board, String period) {
		return !period.equals(current(board).id()) && this.frozen.isFrozen(board.id(), period);
	}

	private Period current(Board board) {
		return board.periodAt(this.clock.instant());
	}

	/** The requested period, checked against the board's schedule, or the current one. */
	private String periodOf(Board board, String requested) {
		if (requested == null) {
			return current(board).id();
		}
		if (!board.resetSchedule().isPeriodId(requested)) {
			throw InvalidParameterException.notAPeriodOf(board, requested, this.clock.instant());
		}
		return requested;
	}

	private Standing standing(Board board, String period, Found found, Source source) {
		LeaderboardEntry entry = found.entry().entry();
		long total = Math.max(found.total(), entry.rank());
		// the share of players ranked at or below this one: rank 1 of 1,000 is 100.0
		double percentile = Math.round((total - entry.rank() + 1) * 10_000.0 / total) / 100.0;
		Outcomes outcomes = found.entry().outcomes();
		CohortStanding cohort = board.competition().hasCohorts() ? cohortStanding(board, period, entry.userId(), source)
				: null;
		String tier = (cohort != null) ? tierOf(board, cohort.rank(), cohort.ranked(), entry.score())
				: board.competition().hasCohorts() ? null : tierOf(board, entry.rank(), total, entry.score());
		return new Standing(entry.userId(), entry.nickName(), entry.score(), entry.subscore(), entry.rank(), percentile,
				found.entry().gamesPlayed(), entry.updatedAt(), entry.metadata(), outcomes.wins(), outcomes.losses(),
				outcomes.draws(), outcomes.winRate(), (cohort != null) ? cohort.cohort() : null,
				(cohort != null) ? cohort.rank() : null, tier);
	}

	/**
	 * From the source that found the player; PostgreSQL when the projection has not
	 * placed them yet.
	 */
	private CohortStanding cohortStanding(Board board, String period, long userId, Source source) {
		Optional<CohortStanding> projected = (source == Source.REDIS)
				? fromRedis(() -> this.redis.cohortStanding(LeaderboardKeys.of(board.id(), period), userId))
					.flatMap((standing) -> standing)
				: Optional.empty();
		return projected.or(() -> this.postgres.cohortStanding(board.id(), period, userId)).orElse(null);
	}

	/** The number of visible players, from the source that read the page. */
	private long players(Board board, String period, Source source) {
		if (source == Source.RESULTS) {
			return this.frozen.stats(board.id(), period, board.sortOrder(), List.of()).players();
		}
		Optional<Long> counted = (source == Source.REDIS)
				? fromRedis(
						() -> this.projected.stats(board.placement(), period, board.sortOrder(), List.of()).players())
				: Optional.empty();
		return counted.orElseGet(() -> this.postgres.players(board.id(), period));
	}

	/**
	 * A whole-board list with its tiers. On a board with cohorts tiers apply within each
	 * cohort, which such a list does not show, so it has none.
	 */
	private List<LeaderboardEntry> boardTiers(Board board, String period, List<LeaderboardEntry> entries,
			Source source) {
		if (!board.competition().hasTiers() || board.competition().hasCohorts() || entries.isEmpty()) {
			return entries;
		}
		return withTiers(board, entries, players(board, period, source));
	}

	/** The entries with their tiers, ranked among {@code ranked} players. */
	private static List<LeaderboardEntry> withTiers(Board board, List<LeaderboardEntry> entries, long ranked) {
		if (!board.competition().hasTiers()) {
			return entries;
		}
		return entries.stream()
			.map((entry) -> entry.withTier(tierOf(board, entry.rank(), ranked, entry.score())))
			.toList();
	}

	private static String tierOf(Board board, long rank, long ranked, long score) {
		return board.competition().tierOf(rank, Math.max(ranked, rank), score, board.sortOrder());
	}

	private static <T> Optional<T> fromRedis(Supplier<T> read) {
		try {
			return Optional.of(read.get());
		}
		catch (DataAccessException ex) {
			logger.warn("Redis cannot answer, reading PostgreSQL: {}", ex.getMessage());
			return Optional.empty();
		}
	}

	private static <T> T redisOnly(Supplier<T> read) {
		try {
			return read.get();
		}
		catch (DataAccessException ex) {
			throw new RankingsUnavailableException(ex);
		}
	}

}
