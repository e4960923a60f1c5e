package io.leaderboard.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import redis.embedded.RedisServer;

/**
 * Commands:
 * <ul>
 * <li>{@code postgres <port> <data-dir>}: embedded PostgreSQL, data kept between
 * runs;</li>
 * <li>{@code redis <port>}: embedded Redis, append-only file on;</li>
 * <li>{@code create-database <jdbc-url> <user> <name>}: creates the database if missing,
 * so the stack needs no psql;</li>
 * <li>{@code run-sql <jdbc-url> <user> <file> [setting=value...]}: sets the session
 * settings, then runs the file (deploy/postgres/roles.sql);</li>
 * <li>{@code kafka-config <file> <data-dir> <node-id> <nodes> [admin-password-file]}:
 * writes the {@code server.properties} of node {@code node-id} of the Kafka cluster whose
 * nodes are {@code port:controller-port,...} ({@link KafkaBroker}), with authentication
 * when given the super user's password;</li>
 * <li>{@code kafka-access <nodes> <admin-password-file> <acls-file> <credentials-dir>}:
 * makes each service of the ACL file (deploy/kafka/acls.txt) a SCRAM user with the
 * password in {@code <credentials-dir>/<service>.password}, and exactly its ACLs
 * ({@link KafkaAccess}).</li>
 * </ul>
 * Servers print {@code READY} and run until the process is stopped.
 */
public final class LocalInfra {

	private LocalInfra() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			usage();
		}
		switch (args[0]) {
			case "postgres" -> postgres(Integer.parseInt(args[1]), Path.of(args[2]));
			case "redis" -> redis(Integer.parseInt(args[1]), Path.of(args[2]));
			case "create-database" -> createDatabase(args[1], args[2], args[3]);
			case "run-sql" -> runSql(args[1], args[2], Path.of(args[3]), Arrays.copyOfRange(args, 4, args.length));
			case "kafka-config" ->
				Files.writeString(Path.of(args[1]),
						new KafkaBroker(Integer.parseInt(args[3]), Path.of(args[2]), KafkaBroker.parseNodes(args[4]),
								(args.length > 5) ? Files.readString(Path.of(args[5])).strip() : null)
							.serverProperties());
			case "kafka-access" -> kafkaAccess(KafkaBroker.parseNodes(args[1]),
					Files.readString(Path.of(args[2])).strip(), Path.of(args[3]), Path.of(args[4]));
			default -> usage();
		}
	}

	private static void postgres(int port, Path data) throws Exception {
		Files.createDirectories(data);
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setPort(port)
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.start();
		runUntilStopped("PostgreSQL", port, postgres::close);
	}

	private static void redis(int port, Path data) throws Exception {
		Files.createDirectories(data);
		RedisServer redis = RedisServer.newRedisServer()
			.port(port)
			.bind("127.0.0.1")
			.setting("dir " + data.toAbsolutePath())
			.setting("appendonly yes")
			.build();
		redis.start();
		runUntilStopped("Redis", port, redis::stop);
	}

	private static void createDatabase(String url, String user, String name) throws SQLException {
		if (!name.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
		try (Connection connection = DriverManager.getConnection(url, user, "");
				Statement statement = connection.createStatement();
				ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
			if (!exists.next()) {
				statement.execute("CREATE DATABASE " + name);
				System.out.println("created database " + name);
			}
		}
	}

	private static void runSql(String url, String user, Path file, String[] settings) throws SQLException, IOException {
		try (Connection connection = DriverManager.getConnection(url, user, "");
				Statement statement = connection.createStatement()) {
			for (String setting : settings) {
				String[] pair = setting.split("=", 2);
				try (PreparedStatement set = connection.prepareStatement("SELECT set_config(?, ?, false)")) {
					set.setString(1, pair[0]);
					set.setString(2, pair[1]);
					set.execute();
				}
			}
			statement.execute(Files.readString(file));
		}
	}

	private static void kafkaAccess(List<KafkaBroker.Node> nodes, String adminPassword, Path aclFile, Path credentials)
			throws Exception {
		KafkaAcls acls = KafkaAcls.read(aclFile);
		Map<String, String> passwords = new HashMap<>();
		for (String service : acls.byService().keySet()) {
			passwords.put(service, Files.readString(credentials.resolve(service + ".password")).strip());
		}
		KafkaBroker broker = new KafkaBroker(1, null, nodes, adminPassword);
		try (Admin admin = Admin.create(broker.adminClient())) {
			new KafkaAccess(admin).apply(acls, passwords);
		}
		System.out.println("Kafka users and ACLs of " + String.join(", ", acls.byService().keySet()));
	}

	private static void runUntilStopped(String what, int port, Stoppable server) throws InterruptedException {
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				server.stop();
			}
			catch (IOException ex) {
				// exiting anyway
			}
			stopped.countDown();
		}));
		System.out.println("READY " + what + " on 127.0.0.1:" + port);
		stopped.await();
	}

	private static void usage() {
		System.err.println("usage: local-infra postgres <port> <data-dir> | redis <port> <data-dir> "
				+ "| create-database <jdbc-url> <user> <name> | run-sql <jdbc-url> <user> <file> [setting=value...] "
				+ "| kafka-config <file> <data-dir> <node-id> <port:controller-port,...> [admin-password-file] "
				+ "| kafka-access <port:controller-port,...> <admin-password-file> <acls-file> <credentials-dir>");
		System.exit(2);
	}

	@FunctionalInterface
	private interface Stoppable {

		void stop() throws IOException;

	}

}
