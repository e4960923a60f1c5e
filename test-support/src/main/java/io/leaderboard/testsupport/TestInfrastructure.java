package io.leaderboard.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import redis.embedded.RedisServer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Real PostgreSQL, Redis and Kafka for integration tests, started at most once per JVM.
 *
 * <p>
 * Each comes from, in this order:
 * <ol>
 * <li>the environment: {@code LEADERBOARD_TEST_POSTGRES_URL} (a JDBC URL of a server
 * where the user may create databases; with {@code LEADERBOARD_TEST_POSTGRES_USER} and
 * {@code _PASSWORD}), {@code LEADERBOARD_TEST_REDIS_URL} ({@code redis://host:port}) and
 * {@code LEADERBOARD_TEST_KAFKA_BOOTSTRAP};</li>
 * <li>Testcontainers, where a Docker engine answers;</li>
 * <li>embedded servers, which need nothing but Maven Central.</li>
 * </ol>
 * Every JVM gets a fresh PostgreSQL database, so test runs never see each other's rows.
 */
public final class TestInfrastructure {

	private static final Logger logger = LoggerFactory.getLogger(TestInfrastructure.class);

	/**
	 * The Redis database tests own; 0 is left to a local stack that may be running. A URL
	 * with a path ({@code redis://host:6379/10}) picks another, so two test runs can
	 * share one server.
	 */
	private static final int TEST_REDIS_DATABASE = 9;

	private static Postgres postgres;

	private static Redis redis;

	private static Kafka kafka;

	private static Boolean dockerAvailable;

	private TestInfrastructure() {
	}

	/**
	 * Registers {@code spring.datasource.*}, {@code spring.data.redis.*} and
	 * {@code spring.kafka.*}.
	 */
	public static void registerAll(DynamicPropertyRegistry registry) {
		registerPostgres(registry);
		registerRedis(registry);
		registerKafka(registry);
	}

	public static void registerPostgres(DynamicPropertyRegistry registry) {
		Postgres db = postgres();
		registry.add("spring.datasource.url", db::jdbcUrl);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
	}

	public static void registerRedis(DynamicPropertyRegistry registry) {
		Redis server = redis();
		registry.add("spring.data.redis.host", server::host);
		registry.add("spring.data.redis.port", server::port);
		registry.add("spring.data.redis.database", server::database);
	}

	public static void registerKafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", kafka()::bootstrapServers);
	}

	public static synchronized Postgres postgres() {
		if (postgres == null) {
			Postgres server = postgresServer();
			postgres = createDatabase(server);
			logger.info("PostgreSQL for tests: {} ({})", postgres.jdbcUrl(), postgres.source());
		}
		return postgres;
	}

	/**
	 * Another fresh database on the tests' PostgreSQL server, for services that must not
	 * share this JVM's (a stack of their own), dropped when the JVM exits.
	 */
	public static synchronized Postgres anotherPostgresDatabase() {
		// created from this JVM's database: any database of the server will do
		return createDatabase(postgres());
	}

	public static synchronized Redis redis() {
		if (redis == null) {
			redis = redisServer();
			// what an earlier test JVM left behind must not leak into this one's first
			// context
			flush(redis);
			logger.info("Redis for tests: {} ({})", redis.url(), redis.source());
		}
		return redis;
	}

	public static synchronized Kafka kafka() {
		if (kafka == null) {
			kafka = kafkaBroker();
			logger.info("Kafka for tests: {} ({})", kafka.bootstrapServers(), kafka.source());
		}
		return kafka;
	}

	private static Postgres postgresServer() {
		String url = System.getenv("LEADERBOARD_TEST_POSTGRES_URL");
		if (url != null && !url.isBlank()) {
			return new Postgres(url, env("LEADERBOARD_TEST_POSTGRES_USER", "postgres"),
					env("LEADERBOARD_TEST_POSTGRES_PASSWORD", ""), "environment");
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
			return new Postgres(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"Testcontainers");
		}
		try {
			EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded)));
			return new Postgres(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start embedded PostgreSQL", ex);
		}
	}

	private static Postgres createDatabase(Postgres server) {
		String name = "leaderboard_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(),
				server.password()); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database on " + server.jdbcUrl(), ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(server, name)));
		return new Postgres(withDatabase(server.jdbcUrl(), name), server.username(), server.password(),
				server.source());
	}

	private static void dropDatabase(Postgres server, String name) {
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(),
				server.password()); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			// the server may already be gone at JVM exit; a leftover test database is
			// harmless
		}
	}

	static String withDatabase(String jdbcUrl, String database) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		String query = (uri.getQuery() != null) ? "?" + uri.getQuery() : "";
		return "jdbc:" + uri.getScheme() + "://" + uri.getAuthority() + "/" + database + query;
	}

	private static Redis redisServer() {
		String url = System.getenv("LEADERBOARD_TEST_REDIS_URL");
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url);
			String path = (uri.getPath() != null) ? uri.getPath().replace("/", "") : "";
			int database = path.isEmpty() ? TEST_REDIS_DATABASE : Integer.parseInt(path);
			return new Redis(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379, database, "environment");
		}
		if (dockerAvailable()) {
			GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			container.start();
			return new Redis(container.getHost(), container.getMappedPort(6379), TEST_REDIS_DATABASE, "Testcontainers");
		}
		int port = freePort();
		try {
			RedisServer server = RedisServer.newRedisServer()
				.port(port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.stop();
				}
				catch (IOException ex) {
					// exiting anyway
				}
			}));
			return new Redis("127.0.0.1", port, TEST_REDIS_DATABASE, "embedded");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start embedded Redis", ex);
		}
	}

	private static void flush(Redis server) {
		try (Socket socket = new Socket(server.host(), server.port())) {
			socket.setSoTimeout(5000);
			socket.getOutputStream()
				.write(("SELECT " + server.database() + "\r\nFLUSHDB\r\n").getBytes(StandardCharsets.US_ASCII));
			// two "+OK" replies
			byte[] reply = new byte[10];
			for (int read = 0; read < reply.length;) {
				int count = socket.getInputStream().read(reply, read, reply.length - read);
				if (count < 0) {
					throw new IOException("Redis closed the connection");
				}
				read += count;
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not empty test database " + server.url(), ex);
		}
	}

	private static Kafka kafkaBroker() {
		String bootstrap = System.getenv("LEADERBOARD_TEST_KAFKA_BOOTSTRAP");
		if (bootstrap != null && !bootstrap.isBlank()) {
			return new Kafka(bootstrap, "environment");
		}
		if (dockerAvailable()) {
			KafkaContainer container = new KafkaContainer("apache/kafka:4.1.1");
			container.start();
			return new Kafka(container.getBootstrapServers(), "Testcontainers");
		}
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(java.util.Map.of("auto.create.topics.enable", "true", "num.partitions", "6",
				"offsets.topic.num.partitions", "1", "group.initial.rebalance.delay.ms", "0"));
		broker.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
		return new Kafka(broker.getBrokersAsString(), "embedded KRaft");
	}

	private static synchronized boolean dockerAvailable() {
		if (dockerAvailable == null) {
			dockerAvailable = !"false".equalsIgnoreCase(System.getenv("LEADERBOARD_TEST_DOCKER"))
					&& dockerSocketAnswers() && DockerClientFactory.instance().isDockerAvailable();
		}
		return dockerAvailable;
	}

	/**
	 * Asking Testcontainers on a machine with no engine costs seconds; a socket check
	 * costs nothing.
	 */
	private static boolean dockerSocketAnswers() {
		String host = System.getenv("DOCKER_HOST");
		if (host != null && host.toLowerCase(Locale.ROOT).startsWith("tcp://")) {
			URI uri = URI.create(host);
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}
		java.nio.file.Path socket = java.nio.file.Path.of("/var/run/docker.sock");
		if (!java.nio.file.Files.exists(socket)) {
			return false;
		}
		try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel
			.open(java.net.UnixDomainSocketAddress.of(socket))) {
			return channel.isConnected();
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A port that was free a moment ago, for servers that must be told their port up
	 * front.
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// exiting anyway
		}
	}

}
