package io.leaderboard.api.privilege;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.testsupport.Postgres;
import io.leaderboard.testsupport.Redis;
import io.leaderboard.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each service's PostgreSQL role and Redis ACL user, made from the very files the stack
 * uses (deploy/postgres/roles.sql, db/migrations/V10, deploy/redis/users.acl) with names
 * of this run's own, refuse what the service must not do, on the servers themselves.
 */
class PrivilegeIntegrationTests {

	private static final Path ROOT = Path.of("..");

	private static final String RUN = "i16t_" + UUID.randomUUID().toString().substring(0, 8);

	private static final List<String> ROLES = List.of("api", "publisher", "projector");

	private static final String PASSWORD = "secret-" + RUN;

	private static final LeaderboardKeys BOARD = LeaderboardKeys.of("privilege", "all-time");

	private static final String RATE_LIMIT_KEY = "leaderboard:ratelimit:write:privilege:" + RUN;

	private static final Postgres postgres = TestInfrastructure.postgres();

	private static final Redis redis = TestInfrastructure.redis();

	private static final RedisClient client = RedisClient.create();

	private static StatefulRedisConnection<String, String> admin;

	@BeforeAll
	static void createRolesAndUsers() throws Exception {
		Flyway.configure()
			.dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
			.locations("classpath:db/migration")
			.load()
			.migrate();
		try (Connection connection = connectAs(postgres.username(), postgres.password());
				Statement statement = connection.createStatement()) {
			for (String role : ROLES) {
				setting(connection, "leaderboard." + role + "_user", RUN + "_" + role);
				setting(connection, "leaderboard." + role + "_password", PASSWORD);
			}
			statement.execute(Files.readString(ROOT.resolve("deploy/postgres/roles.sql")));
			// the migration ran before this run's roles existed: granting again is how a
			// server whose roles came later catches up
			statement.execute(Files.readString(ROOT.resolve("db/migrations/V10__service_privileges.sql")));
		}
		admin = client.connect(RedisURI.create(redis.url()));
		for (Map.Entry<String, String[]> user : aclUsers().entrySet()) {
			CommandArgs<String, String> setuser = new CommandArgs<>(StringCodec.UTF8).add("SETUSER")
				.add(redisUser(user.getKey()))
				.add("reset")
				.add("on")
				.add(">" + PASSWORD);
			for (String rule : user.getValue()) {
				setuser.add(rule);
			}
			assertThat(admin.sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), setuser))
				.isEqualTo("OK");
		}
	}

	@AfterAll
	static void dropRolesAndUsers() throws SQLException {
		try (Connection connection = connectAs(postgres.username(), postgres.password());
				Statement statement = connection.createStatement()) {
			for (String role : ROLES) {
				statement.execute("DROP ROLE IF EXISTS " + RUN + "_" + role);
			}
		}
		admin.sync().del(RATE_LIMIT_KEY);
		admin.sync()
			.aclDeluser(aclUsers().keySet().stream().map(PrivilegeIntegrationTests::redisUser).toArray(String[]::new));
		admin.close();
		client.shutdown();
	}

	@Test
	void projectorReadsScoresButCannotWriteThem() throws SQLException {
		try (Connection projector = connectAs(RUN + "_projector", PASSWORD);
				Statement statement = projector.createStatement()) {
			statement.executeQuery("SELECT count(*) FROM board_scores").close();
			assertRefused(() -> statement.executeUpdate(
					"INSERT INTO board_scores (board, period, user_id, score, rank_score, version) VALUES ('global', 'all-time', 1, 1, 1, 1)"));
		}
	}

	@Test
	void publisherDeletesOutboxRowsButCannotUpdateScores() throws SQLException {
		long id;
		try (Connection owner = connectAs(postgres.username(), postgres.password());
				Statement statement = owner.createStatement()) {
			var inserted = statement.executeQuery(
					"INSERT INTO score_events_outbox (user_id, score, version, payload) VALUES (1, 1, 1, '{}') RETURNING id");
			inserted.next();
			id = inserted.getLong(1);
		}
		try (Connection publisher = connectAs(RUN + "_publisher", PASSWORD);
				Statement statement = publisher.createStatement()) {
			assertThat(statement.executeUpdate("DELETE FROM score_events_outbox WHERE id = " + id)).isOne();
			assertRefused(() -> statement.executeUpdate("UPDATE board_scores SET score = score + 1"));
		}
	}

	@Test
	void broadcasterReadsABoardButCannotWriteIt() {
		try (StatefulRedisConnection<String, String> broadcaster = connectAs("sse-broadcaster")) {
			assertThat(broadcaster.sync().zrange(BOARD.scores(), 0, -1)).isEmpty();
			assertNoPermission(() -> broadcaster.sync().zadd(BOARD.scores(), 1, "member"));
		}
	}

	@Test
	void apiServiceWritesRateLimitsButNotABoardsSortedSet() {
		try (StatefulRedisConnection<String, String> api = connectAs("api-service")) {
			RedisCommands<String, String> commands = api.sync();
			assertThat(commands.hset(RATE_LIMIT_KEY, "tokens", "1")).isTrue();
			assertNoPermission(() -> commands.zadd(BOARD.scores(), 1, "member"));
		}
	}

	/** Service → its ACL rules, from deploy/redis/users.acl. */
	private static Map<String, String[]> aclUsers() {
		try {
			Map<String, String[]> users = new LinkedHashMap<>();
			for (String line : Files.readAllLines(ROOT.resolve("deploy/redis/users.acl"))) {
				if (!line.isBlank() && !line.startsWith("#")) {
					String[] words = line.trim().split("\\s+");
					users.put(words[0], List.of(words).subList(1, words.length).toArray(String[]::new));
				}
			}
			return users;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String redisUser(String service) {
		return RUN + "-" + service;
	}

	private static StatefulRedisConnection<String, String> connectAs(String service) {
		return client.connect(RedisURI.builder()
			.withHost(redis.host())
			.withPort(redis.port())
			.withDatabase(redis.database())
			.withAuthentication(redisUser(service), PASSWORD)
			.build());
	}

	private static Connection connectAs(String user, String password) throws SQLException {
		return DriverManager.getConnection(postgres.jdbcUrl(), user, password);
	}

	private static void setting(Connection connection, String name, String value) throws SQLException {
		try (PreparedStatement set = connection.prepareStatement("SELECT set_config(?, ?, false)")) {
			set.setString(1, name);
			set.setString(2, value);
			set.execute();
		}
	}

	private static void assertRefused(SqlAction action) {
		assertThatExceptionOfType(SQLException.class).isThrownBy(action::run)
			.satisfies((ex) -> assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo("42501"));
	}

	private static void assertNoPermission(Runnable command) {
		assertThatExceptionOfType(RedisCommandExecutionException.class).isThrownBy(command::run)
			.withMessageStartingWith("NOPERM");
	}

	@FunctionalInterface
	private interface SqlAction {

		void run() throws SQLException;

	}

}
