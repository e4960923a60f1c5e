package io.leaderboard.api.period;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.ResetSchedule.Window;
import io.leaderboard.events.Tier;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.PeriodClosed;
import io.leaderboard.events.PeriodResult;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closes one board period: claims it, freezes the final standings of every visible player
 * and writes the {@link PeriodClosed} outbox row, in one transaction. The claim is the
 * primary key of {@code closed_periods}: of several instances closing the same period at
 * once, one inserts the row, the others wait for its commit and insert nothing, so a
 * period is closed once however many instances run.
 */
@Service
public class PeriodClosing {

	/** Cheap test before the claim: a period nobody visible scored in is not closed. */
	private static final String SQL_HAS_VISIBLE_ENTRIES = """
			SELECT EXISTS (
			  SELECT 1 FROM board_scores s
			  WHERE s.board = :board AND s.period = :period
			    AND NOT EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = s.board AND h.user_id = s.user_id))
			""";

	private static final String SQL_CLAIM = """
			INSERT INTO closed_periods (board, period, starts_at, ends_at, closed_at, revision, players)
			VALUES (:board, :period, :startsAt, :endsAt, :closedAt, 1, 0)
			ON CONFLICT (board, period) DO NOTHING
			RETURNING revision
			""";

	/** Locks the closed period's row, so two corrections of it take turns. */
	private static final String SQL_NEXT_REVISION = """
			UPDATE closed_periods SET revision = revision + 1, closed_at = :closedAt
			WHERE board = :board AND period = :period
			RETURNING revision, starts_at, ends_at
			""";

	private static final String SQL_FORGET_RESULTS = """
			DELETE FROM period_results WHERE board = :board AND period = :period
			""";

	/**
	 * Ranks as every read ranks: 1 + the visible players with a strictly better score
	 * ({@code rank()} over the stored score and subscore), listed in the live order
	 * (stored score, stored subscore, when it was reached, user id). On a board with
	 * cohorts each player also keeps their cohort and rank in it. The tier is
	 * {@code Competition.tierOf}'s rule over the board's tiers, passed as parallel arrays
	 * (best first): the first whose cutoff the rank (in the cohort, when the player has
	 * one) or the stored score meets, the one without a cutoff otherwise.
	 */
	private static final String SQL_FREEZE = """
			WITH ranked AS (
			  SELECT s.board, s.period, s.user_id, u.nick_name, s.score, s.metadata, s.rank_score, s.reached_at,
			         s.updated_at, s.games_played, s.wins, s.losses, s.draws, s.subscore, s.rank_subscore, c.cohort,
			         rank() OVER (ORDER BY s.rank_score, s.rank_subscore) AS rank,
			         row_number() OVER (ORDER BY s.rank_score, s.rank_subscore, s.reached_at, s.user_id) AS position,
			         count(*) OVER () AS ranked,
			         rank() OVER (PARTITION BY c.cohort ORDER BY s.rank_score, s.rank_subscore) AS cohort_rank,
			         count(*) OVER (PARTITION BY c.cohort) AS cohort_ranked
			  FROM board_scores s JOIN users u ON u.id = s.user_id
			  LEFT JOIN board_cohorts c ON c.board = s.board AND c.period = s.period AND c.user_id = s.user_id
			  WHERE s.board = :board AND s.period = :period
			    AND NOT EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = s.board AND h.user_id = s.user_id)
			), frozen AS (
			  INSERT INTO period_results (board, period, user_id, rank, position, nick_name, score, metadata,
			                              rank_score, reached_at, updated_at, games_played, wins, losses, draws,
			                              subscore, rank_subscore, tier, cohort, cohort_rank)
			  SELECT r.board, r.period, r.user_id, r.rank, r.position, r.nick_name, r.score, r.metadata, r.rank_score,
			         r.reached_at, r.updated_at, r.games_played, r.wins, r.losses, r.draws, r.subscore, r.rank_subscore,
			         (SELECT t.name
			          FROM unnest(CAST(:tierName AS varchar[]), CAST(:tierPercent AS float8[]),
			                      CAST(:tierRank AS bigint[]), CAST(:tierMinStored AS bigint[]))
			            WITH ORDINALITY AS t(name, top_percent, top_rank, min_stored, n)
			          WHERE CASE WHEN t.top_percent IS NOT NULL
			                       THEN CASE WHEN r.cohort IS NULL THEN r.rank * 100.0 <= t.top_percent * r.ranked
			                                 ELSE r.cohort_rank * 100.0 <= t.top_percent * r.cohort_ranked END
			                     WHEN t.top_rank IS NOT NULL
			                       THEN CASE WHEN r.cohort IS NULL THEN r.rank ELSE r.cohort_rank END <= t.top_rank
			                     WHEN t.min_stored IS NOT NULL THEN r.rank_score <= t.min_stored
			                     ELSE true END
			          ORDER BY t.n LIMIT 1),
			         r.cohort, CASE WHEN r.cohort IS NOT NULL THEN r.cohort_rank END
			  FROM ranked r
			  RETURNING 1
			)
			UPDATE closed_periods SET players = (SELECT count(*) FROM frozen)
			WHERE board = :board AND period = :period
			RETURNING players
			""";

	private static final String SQL_FIND_TOP = """
			SELECT rank, user_id, nick_name, score, subscore, metadata::text AS metadata, tier FROM period_results
			WHERE board = :board AND period = :period
			ORDER BY rank, position
			LIMIT :count
			""";

	/**
	 * Only the newest {@code hot-retention} closed periods of the board stay in Redis;
	 * the projection worker drops the keys of the others and their reads come from the
	 * frozen results.
	 */
	private static final String SQL_COOL_OLDER = """
			UPDATE closed_periods SET hot = false
			WHERE board = :board AND hot
			  AND period NOT IN (SELECT period FROM closed_periods WHERE board = :board
			                     ORDER BY ends_at DESC, period DESC LIMIT :hotRetention)
			""";

	/**
	 * The outbox row of the event. It concerns no player: {@link #NO_PLAYER} as its user
	 * id queues every period row behind the one before it, so the revisions of a period
	 * reach Kafka in order (the publisher keeps each user id's rows in order).
	 */
	private static final String SQL_WRITE_EVENT = """
			INSERT INTO score_events_outbox (user_id, version, occurred_at, event_type, payload)
			VALUES (:userId, :revision, :closedAt, :eventType, CAST(:payload AS jsonb))
			""";

	/** User ids start at 1. */
	static final long NO_PLAYER = 0;

	private final JdbcClient jdbc;

	private final EventCodec codec;

	private final Clock clock;

	private final PeriodsProperties properties;

	PeriodClosing(JdbcClient jdbc, EventCodec codec, Clock clock, PeriodsProperties properties) {
		this.jdbc = jdbc;
		this.codec = codec;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Closes the period unless it is closed already (here or on another instance) or
	 * nobody visible scored in it.
	 * @return the event written, when this call closed it
	 */
	@Transactional
	public Optional<PeriodClosed> close(Board board, Window period) {
		boolean played = this.jdbc.sql(SQL_HAS_VISIBLE_ENTRIES)
			.param("board", board.id())
			.param("period", period.id())
			.query(Boolean.class)
			.single();
		if (!played) {
			return Optional.empty();
		}
		Instant closedAt = this.clock.instant();
		Optional<Long> claimed = this.jdbc.sql(SQL_CLAIM)
			.param("board", board.id())
			.param("period", period.id())
			.param("startsAt", utc(period.startsAt()))
			.param("endsAt", utc(period.endsAt()))
			.param("closedAt", utc(closedAt))
			.query(Long.class)
			.optional();
		return claimed.map((revision) -> {
			PeriodClosed closed = freeze(board, period, closedAt, revision);
			this.jdbc.sql(SQL_COOL_OLDER)
				.param("board", board.id())
				.param("hotRetention", this.properties.hotRetention())
				.update();
			return closed;
		});
	}

	/**
	 * Freezes a closed period's results again, from the entries as they are now, as
	 * revision + 1 with its event: for a correction such as a voided score.
	 * @return the event written, or empty when the period is not closed
	 */
	@Transactional
	public Optional<PeriodClosed> reclose(Board board, String period) {
		Instant closedAt = this.clock.instant();
		return this.jdbc.sql(SQL_NEXT_REVISION)
			.param("board", board.id())
			.param("period", period)
			.param("closedAt", utc(closedAt))
			.query((rs, row) -> new Revised(rs.getLong("revision"),
					new Window(period, rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
							rs.getObject("ends_at", OffsetDateTime.class).toInstant())))
			.optional()
			.map((revised) -> {
				this.jdbc.sql(SQL_FORGET_RESULTS).param("board", board.id()).param("period", period).update();
				return freeze(board, revised.window(), closedAt, revised.revision());
			});
	}

	private PeriodClosed freeze(Board board, Window period, Instant closedAt, long revision) {
		List<Tier> tiers = board.competition().tiers();
		long players = this.jdbc.sql(SQL_FREEZE)
			.param("board", board.id())
			.param("period", period.id())
			.param("tierName", tiers.stream().map(Tier::name).toArray(String[]::new))
			.param("tierPercent", tiers.stream().map(Tier::topPercent).toArray(Double[]::new))
			.param("tierRank", tiers.stream().map(Tier::topRank).toArray(Long[]::new))
			.param("tierMinStored",
					tiers.stream()
						.map((tier) -> (tier.minScore() != null) ? board.sortOrder().stored(tier.minScore()) : null)
						.toArray(Long[]::new))
			.query(Long.class)
			.single();
		List<PeriodResult> top = this.jdbc.sql(SQL_FIND_TOP)
			.param("board", board.id())
			.param("period", period.id())
			.param("count", PeriodClosed.TOP_SIZE)
			.query((rs, row) -> PeriodReads.result(rs, this.codec))
			.list();
		PeriodClosed closed = new PeriodClosed(PeriodClosed.SCHEMA_VERSION, board.id(), period.id(),
				board.periodAt(period.endsAt()).id(), period.startsAt(), period.endsAt(), closedAt, revision, players,
				top);
		this.jdbc.sql(SQL_WRITE_EVENT)
			.param("userId", NO_PLAYER)
			.param("revision", revision)
			.param("closedAt", utc(closedAt))
			.param("eventType", PeriodClosed.TYPE)
			.param("payload", this.codec.toJson(closed))
			.update();
		return closed;
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private record Revised(long revision, Window window) {

	}

}
