package io.leaderboard.api.leaderboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.Rankings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The same reads answered by PostgreSQL, for when Redis cannot answer. Ties are ordered
 * as Redis orders equal scores in ZREVRANGE (member text descending), so both sources
 * list the board the same way.
 */
@Component
class PostgresLeaderboard {

	private static final String SQL_FIND_TOP = """
			SELECT s.user_id, u.nick_name, s.score, s.updated_at
			FROM user_scores s JOIN users u ON u.id = s.user_id
			ORDER BY s.score DESC, s.user_id::text DESC
			LIMIT :limit
			""";

	private static final String SQL_FIND_PLAYER_RANK = """
			SELECT s.user_id, u.nick_name, s.score, s.updated_at,
			       1 + (SELECT count(*) FROM user_scores higher WHERE higher.score > s.score) AS rank
			FROM user_scores s JOIN users u ON u.id = s.user_id
			WHERE s.user_id = :userId
			""";

	private final JdbcClient jdbc;

	PostgresLeaderboard(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	List<LeaderboardEntry> top(int limit) {
		return Rankings.fromTop(this.jdbc.sql(SQL_FIND_TOP)
			.param("limit", limit)
			.query((rs, row) -> new Rankings.Scored(rs.getLong("user_id"), rs.getString("nick_name"),
					rs.getLong("score"), updatedAt(rs)))
			.list());
	}

	@Transactional(readOnly = true)
	Optional<PlayerRank> player(long userId) {
		return this.jdbc.sql(SQL_FIND_PLAYER_RANK)
			.param("userId", userId)
			.query((rs, row) -> new PlayerRank(rs.getLong("user_id"), rs.getString("nick_name"), rs.getLong("score"),
					rs.getLong("rank"), updatedAt(rs)))
			.optional();
	}

	private static java.time.Instant updatedAt(ResultSet rs) throws SQLException {
		return rs.getObject("updated_at", OffsetDateTime.class).toInstant();
	}

}
