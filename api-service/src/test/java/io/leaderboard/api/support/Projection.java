package io.leaderboard.api.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.Cohorts;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Outcomes;
import io.leaderboard.events.PlayerDetails;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.SortOrder;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stands in for the projection-worker in api-service tests: writes what PostgreSQL holds
 * into Redis in the projector's layout (docs/architecture.md), hidden players apart.
 */
public final class Projection {

	private static final String SQL = """
			SELECT s.board, s.period, s.user_id, u.nick_name, s.score, s.version, s.games_played, s.wins, s.losses, s.draws,
			       s.metadata::text AS metadata, s.reached_at, s.updated_at, b.sort_order, b.subscore_order, s.rank_subscore,
			       b.shards,
			       EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = s.board AND h.user_id = s.user_id) AS hidden
			FROM board_scores s JOIN users u ON u.id = s.user_id JOIN leaderboards b ON b.id = s.board
			""";

	private final EventCodec codec = new EventCodec();

	private final JdbcClient jdbc;

	private final StringRedisTemplate redis;

	public Projection(JdbcClient jdbc, StringRedisTemplate redis) {
		this.jdbc = jdbc;
		this.redis = redis;
	}

	private static final String SQL_COHORTS = "SELECT board, period, user_id, cohort FROM board_cohorts";

	/** The removals the outbox holds, oldest first. */
	private static final String SQL_REMOVED = """
			SELECT o.payload ->> 'board' AS board, o.payload ->> 'period' AS period, o.user_id, b.shards
			FROM score_events_outbox o JOIN leaderboards b ON b.id = o.payload ->> 'board'
			WHERE o.event_type = 'EntryRemoved' ORDER BY o.id
			""";

	/**
	 * Makes Redis show every stored entry as the projector would, without the entries an
	 * {@code EntryRemoved} in the outbox removed (unless stored again since).
	 */
	public void sync() {
		this.jdbc.sql(SQL_REMOVED).query((rs, row) -> {
			LeaderboardKeys keys = keysOf(rs);
			String user = Long.toString(rs.getLong("user_id"));
			String old = (String) this.redis.opsForHash().get(keys.members(), user);
			if (old != null) {
				this.redis.opsForZSet().remove(keys.scores(), old);
				this.redis.opsForZSet().remove(keys.hiddenScores(), old);
			}
			this.redis.opsForHash().delete(keys.members(), user);
			this.redis.opsForHash().delete(keys.versions(), user);
			this.redis.opsForHash().delete(keys.players(), user);
			this.redis.opsForValue().increment(keys.generation());
			return null;
		}).list();
		this.jdbc.sql(SQL).query((rs, row) -> {
			LeaderboardKeys keys = keysOf(rs);
			String user = Long.toString(rs.getLong("user_id"));
			Instant reachedAt = rs.getObject("reached_at", OffsetDateTime.class).toInstant();
			String subscoreOrder = rs.getString("subscore_order");
			String tieBreak = (subscoreOrder != null)
					? Rankings.tieBreakOfStored(SortOrder.of(subscoreOrder), rs.getLong("rank_subscore")) : "";
			String member = Rankings.member(tieBreak, reachedAt, rs.getLong("user_id"));
			String old = (String) this.redis.opsForHash().get(keys.members(), user);
			if (old != null) {
				this.redis.opsForZSet().remove(keys.scores(), old);
				this.redis.opsForZSet().remove(keys.hiddenScores(), old);
			}
			boolean hidden = rs.getBoolean("hidden");
			if (hidden) {
				this.redis.opsForSet().add(keys.hidden(), user);
			}
			else {
				this.redis.opsForSet().remove(keys.hidden(), user);
			}
			long stored = SortOrder.of(rs.getString("sort_order")).stored(rs.getLong("score"));
			this.redis.opsForZSet().add(hidden ? keys.hiddenScores() : keys.scores(), member, stored);
			this.redis.opsForHash().put(keys.members(), user, member);
			this.redis.opsForHash().put(keys.versions(), user, Long.toString(rs.getLong("version")));
			this.redis.opsForHash()
				.put(keys.players(), user, this.codec.toJson(new PlayerDetails(rs.getString("nick_name"),
						rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getLong("games_played"),
						new Outcomes(rs.getLong("wins"), rs.getLong("losses"), rs.getLong("draws")),
						this.codec.tree(rs.getString("metadata")))));
			this.redis.opsForSet().add(keys.periods(), keys.period());
			// as the projector does with every change of a ranking
			this.redis.opsForValue().increment(keys.generation());
			return null;
		}).list();
		syncCohorts();
	}

	/** The keys of the shard that holds the row's player (a board's own on one shard). */
	private static LeaderboardKeys keysOf(ResultSet rs) throws SQLException {
		return BoardShards.of(rs.getString("board"), rs.getInt("shards"))
			.keysOf(rs.getString("period"), rs.getLong("user_id"));
	}

	private void syncCohorts() {
		this.jdbc.sql(SQL_COHORTS).query((rs, row) -> {
			LeaderboardKeys keys = LeaderboardKeys.of(rs.getString("board"), rs.getString("period"));
			this.redis.opsForHash().put(keys.cohortOf(), Long.toString(rs.getLong("user_id")), rs.getString("cohort"));
			this.redis.opsForZSet()
				.add(keys.cohorts(), Cohorts.member(rs.getString("cohort"), rs.getLong("user_id")), 0);
			return null;
		}).list();
	}

}
