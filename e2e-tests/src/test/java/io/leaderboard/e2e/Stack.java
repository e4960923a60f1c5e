package io.leaderboard.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.leaderboard.testsupport.Postgres;
import io.leaderboard.testsupport.Redis;
import io.leaderboard.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The four services as real processes on real PostgreSQL, Redis and Kafka, started once
 * per test JVM and stopped when it exits; and the HTTP calls a client makes.
 */
final class Stack {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static Stack running;

	final ServiceProcesses services;

	final int api;

	final int broadcaster;

	private Stack(ServiceProcesses services, int api, int broadcaster) {
		this.services = services;
		this.api = api;
		this.broadcaster = broadcaster;
	}

	/**
	 * Prints the services' logs when a test fails: register with
	 * {@code @RegisterExtension}.
	 */
	static TestWatcher logsOnFailure(String context) {
		return logsOnFailure(context, () -> (running != null) ? running.services : null);
	}

	/**
	 * Prints the logs of a stack of its own when a test fails: register with
	 * {@code @RegisterExtension}.
	 */
	static TestWatcher logsOnFailure(String context, Supplier<ServiceProcesses> services) {
		return new TestWatcher() {
			@Override
			public void testFailed(ExtensionContext test, Throwable cause) {
				ServiceProcesses started = services.get();
				System.err.println(context + "\nService logs:" + ((started != null) ? started.logTails() : ""));
			}
		};
	}

	static synchronized Stack start() {
		if (running == null) {
			running = launch();
			Runtime.getRuntime().addShutdownHook(new Thread(running.services::close));
		}
		return running;
	}

	private static Stack launch() {
		Redis redis = TestInfrastructure.redis();
		flush(redis);
		Map<String, String> environment = environment(TestInfrastructure.postgres(), redis,
				TestInfrastructure.kafka().bootstrapServers());
		// periods of seconds close within the test's patience
		environment.put("PERIODS_CLOSE_GRACE", "1s");
		return startServices(new ServiceProcesses(environment));
	}

	/**
	 * The services' environment on these servers, in the local profile as
	 * {@code bin/local-stack} runs them; a test adds its own settings.
	 */
	static Map<String, String> environment(Postgres postgres, Redis redis, String kafkaBootstrapServers) {
		Map<String, String> environment = new HashMap<>();
		environment.put("SPRING_PROFILES_ACTIVE", "local");
		environment.put("POSTGRES_URL", postgres.jdbcUrl());
		environment.put("POSTGRES_USER", postgres.username());
		environment.put("POSTGRES_PASSWORD", postgres.password());
		environment.put("REDIS_HOST", redis.host());
		environment.put("REDIS_PORT", Integer.toString(redis.port()));
		environment.put("REDIS_DATABASE", Integer.toString(redis.database()));
		environment.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
		return environment;
	}

	/**
	 * Starts the four services in order, on the servers their environment names: a stack
	 * of their own for tests that take those servers away.
	 */
	static Stack startServices(ServiceProcesses services) {
		// api-service applies the schema; the publisher only validates it, so it starts
		// second
		int api = services.start("api-service");
		await().atMost(Duration.ofSeconds(180)).until(() -> services.ready("api-service"));
		services.start("outbox-publisher");
		services.start("projection-worker", jwkSetOf(api));
		// the capacity benchmark gives the broadcaster room for its connections, all of
		// them from this one address
		int broadcaster = services.start("sse-broadcaster",
				Map.of("API_BASE_URL", "http://localhost:" + api, "CLIENT_MAX_STREAMS_PER_ADDRESS", "0", "JAVA_HEAP",
						System.getProperty("e2e.broadcaster.heap", "256m"), "JVM_FLAGS",
						System.getProperty("e2e.broadcaster.jvm-flags", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")));
		await().atMost(Duration.ofSeconds(180))
			.until(() -> services.ready("outbox-publisher") && services.ready("projection-worker")
					&& services.ready("sse-broadcaster"));
		return new Stack(services, api, broadcaster);
	}

	/**
	 * A second instance of each of {@code modules} on the same servers, as
	 * {@code bin/local-stack up --instances 2} runs them: api-service without the local
	 * token issuer (the tokens of one identity provider, the first instance's), the
	 * projector verifying the same keys, the broadcaster reading through the second
	 * api-service. Returns once all of them are ready.
	 * @param name what their log files' names start with
	 */
	ServiceProcesses startSecondInstances(String name, String... modules) {
		ServiceProcesses second = this.services.another(name);
		Map<String, String> firstApisKeys = jwkSetOf(this.api);
		List<String> started = List.of(modules);
		if (started.contains("api-service")) {
			Map<String, String> settings = new HashMap<>(firstApisKeys);
			settings.put("SPRING_PROFILES_ACTIVE", "default");
			second.start("api-service", settings);
		}
		if (started.contains("outbox-publisher")) {
			second.start("outbox-publisher");
		}
		if (started.contains("projection-worker")) {
			second.start("projection-worker", firstApisKeys);
		}
		if (started.contains("sse-broadcaster")) {
			int api = started.contains("api-service") ? second.port("api-service") : this.api;
			second.start("sse-broadcaster",
					Map.of("API_BASE_URL", "http://localhost:" + api, "CLIENT_MAX_STREAMS_PER_ADDRESS", "0"));
		}
		await().atMost(Duration.ofSeconds(180)).until(() -> started.stream().allMatch(second::ready));
		return second;
	}

	/**
	 * The projector verifies admin tokens with the keys of api-service's local issuer, as
	 * in the local stack.
	 */
	static Map<String, String> jwkSetOf(int api) {
		return Map.of("JWT_JWK_SET_URI", "http://localhost:" + api + "/.well-known/jwks.json");
	}

	String token(String subject, String nickName) throws Exception {
		return tokenFor("{\"subject\":\"" + subject + "\",\"nickName\":\"" + nickName + "\"}");
	}

	String adminToken() throws Exception {
		return tokenFor("{\"subject\":\"e2e-admin\",\"scopes\":[\"leaderboard:admin\"]}");
	}

	private String tokenFor(String body) throws Exception {
		HttpResponse<String> response = send(
				request("/dev/tokens", null).POST(HttpRequest.BodyPublishers.ofString(body))
					.header("Content-Type", "application/json"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body()).get("accessToken").asString();
	}

	JsonNode post(String path, String body, String token) throws Exception {
		return post(this.api, path, body, token);
	}

	/** A POST to the api-service instance on {@code port}. */
	JsonNode post(int port, String path, String body, String token) throws Exception {
		HttpResponse<String> response = send(request(port, path, token).POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json"));
		assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	int put(String path, String body, String token) throws Exception {
		HttpRequest.Builder request = request(path, token);
		request = (body != null)
				? request.PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
				: request.PUT(HttpRequest.BodyPublishers.noBody());
		return send(request).statusCode();
	}

	int delete(String path, String token) throws Exception {
		return send(request(path, token).DELETE()).statusCode();
	}

	JsonNode get(String path) throws Exception {
		HttpResponse<String> response = send(request(path, null));
		assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	/** A body from any of the services. */
	String getText(int port, String path) throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	/** A score for the player of {@code token}, the answer as it comes. */
	HttpResponse<String> submit(String board, String token, long score) throws Exception {
		return send(request("/leaderboards/" + board + "/scores", token).timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"score\": " + score + "}")));
	}

	/** A GET of the api-service, the answer as it comes. */
	HttpResponse<String> fetch(String path) throws Exception {
		return send(request(path, null).timeout(Duration.ofSeconds(30)));
	}

	/** A projector operation with an admin token: a GET, or a POST of {@code body}. */
	HttpResponse<String> operation(String path, HttpRequest.BodyPublisher body) throws Exception {
		HttpRequest.Builder request = request(this.services.port("projection-worker"), path, adminToken())
			.timeout(Duration.ofSeconds(60));
		return send((body != null) ? request.POST(body) : request);
	}

	/** Each entry's score on a page, by user id. */
	static Map<Long, Long> scores(JsonNode page) {
		Map<Long, Long> scores = new HashMap<>();
		page.get("entries").forEach((entry) -> scores.put(entry.get("userId").asLong(), entry.get("score").asLong()));
		return scores;
	}

	int status(String path) throws Exception {
		return send(request(path, null)).statusCode();
	}

	private HttpRequest.Builder request(String path, String token) {
		return request(this.api, path, token);
	}

	private static HttpRequest.Builder request(int port, String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A consumer of every partition of {@code topic}, from its end. */
	static KafkaConsumer<String, byte[]> fromNow(String topic) {
		return fromNow(TestInfrastructure.kafka().bootstrapServers(), topic);
	}

	/** A consumer of every partition of {@code topic} on that Kafka, from its end. */
	static KafkaConsumer<String, byte[]> fromNow(String bootstrapServers, String topic) {
		KafkaConsumer<String, byte[]> consumer = fromBeginning(bootstrapServers, topic);
		consumer.seekToEnd(consumer.assignment());
		consumer.assignment().forEach(consumer::position);
		return consumer;
	}

	/** A consumer of every partition of {@code topic} on that Kafka, from its start. */
	static KafkaConsumer<String, byte[]> fromBeginning(String bootstrapServers, String topic) {
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				bootstrapServers, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
		List<TopicPartition> partitions = consumer.partitionsFor(topic)
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		return consumer;
	}

	static long count(String sql) throws Exception {
		return count(TestInfrastructure.postgres(), sql);
	}

	/** A count from that database. */
	static long count(Postgres postgres, String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void flush(Redis redis) {
		try (java.net.Socket socket = new java.net.Socket(redis.host(), redis.port())) {
			socket.getOutputStream()
				.write(("SELECT " + redis.database() + "\r\nFLUSHDB\r\n")
					.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			byte[] reply = new byte[10];
			int read = 0;
			while (read < 10) {
				int n = socket.getInputStream().read(reply, read, 10 - read);
				if (n < 0) {
					break;
				}
				read += n;
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
