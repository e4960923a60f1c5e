package io.leaderboard.localinfra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.leaderboard.events.Topics;
import io.leaderboard.testsupport.KafkaProcess;
import io.leaderboard.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The services' Kafka users, made from deploy/kafka/acls.txt by {@link KafkaAccess} on
 * the node bin/local-stack runs (its {@link KafkaBroker} configuration, formatted and
 * started the same way), are refused by the broker what the file does not grant them.
 */
class KafkaAccessIntegrationTests {

	private static final Path ACLS = Path.of("../deploy/kafka/acls.txt");

	private static final List<String> TOPICS = List.of(Topics.SCORE_EVENTS, Topics.SCORE_EVENTS_REPLAY,
			Topics.SCORE_EVENTS_DLQ, Topics.LEADERBOARD_NOTIFICATIONS, Topics.PLAYER_RANKS, Topics.LEADERBOARD_PERIODS);

	private static final String ADMIN_PASSWORD = "admin-secret";

	@TempDir
	static Path directory;

	private static KafkaBroker broker;

	private static KafkaProcess kafka;

	@BeforeAll
	static void startKafkaWithTheServicesUsers() throws Exception {
		broker = new KafkaBroker(directory.resolve("data"), TestInfrastructure.freePort(),
				TestInfrastructure.freePort(), ADMIN_PASSWORD);
		kafka = new KafkaProcess(directory, broker.port(), broker.serverProperties());
		kafka.start();
		KafkaAcls acls = KafkaAcls.read(ACLS);
		try (Admin admin = Admin.create(broker.adminClient())) {
			// the port answers a little before the super user is served
			await().atMost(Duration.ofMinutes(1))
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS)).hasSize(1));
			new KafkaAccess(admin).apply(acls,
					acls.byService()
						.keySet()
						.stream()
						.collect(Collectors.toMap((service) -> service, KafkaAccessIntegrationTests::password)));
			// as kafka-init and Strimzi do in a deployment, so that no test depends on a
			// service's right to create its topics
			admin.createTopics(TOPICS.stream().map((topic) -> new NewTopic(topic, 1, (short) 1)).toList()).all().get();
		}
	}

	@AfterAll
	static void stopKafka() {
		if (kafka != null) {
			kafka.close();
		}
	}

	@Test
	void theFileNamesTheServicesThatUseKafka() throws Exception {
		assertThat(KafkaAcls.read(ACLS).byService()).containsOnlyKeys("outbox-publisher", "projection-worker",
				"sse-broadcaster");
	}

	@Test
	void broadcasterCannotWriteScoreEvents() {
		assertThat(refusal(() -> send("sse-broadcaster", Topics.SCORE_EVENTS)))
			.isInstanceOf(TopicAuthorizationException.class);
	}

	@Test
	void projectorCannotWriteScoreEventsButWritesNotificationsAndDeadLetters() throws Exception {
		assertThat(refusal(() -> send("projection-worker", Topics.SCORE_EVENTS)))
			.isInstanceOf(TopicAuthorizationException.class);
		send("projection-worker", Topics.LEADERBOARD_NOTIFICATIONS);
		send("projection-worker", Topics.SCORE_EVENTS_DLQ);
	}

	@Test
	void publisherWritesScoreEventsWhichTheProjectorReadsInItsGroup() throws Exception {
		String value = send("outbox-publisher", Topics.SCORE_EVENTS);
		try (KafkaConsumer<String, String> projector = consumer("projection-worker", "score-projection-workers")) {
			projector.subscribe(List.of(Topics.SCORE_EVENTS));
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(
						() -> assertThat(projector.poll(Duration.ofMillis(200))).extracting(ConsumerRecord::value)
							.contains(value));
		}
	}

	@Test
	void publisherCannotWriteNotifications() {
		assertThat(refusal(() -> send("outbox-publisher", Topics.LEADERBOARD_NOTIFICATIONS)))
			.isInstanceOf(TopicAuthorizationException.class);
	}

	@Test
	void broadcasterCannotReadScoreEvents() {
		try (KafkaConsumer<String, String> broadcaster = consumer("sse-broadcaster",
				"sse-broadcaster-" + UUID.randomUUID())) {
			broadcaster.subscribe(List.of(Topics.SCORE_EVENTS));
			assertThat(refusal(() -> broadcaster.poll(Duration.ofSeconds(10))))
				.isInstanceOf(TopicAuthorizationException.class);
		}
	}

	@Test
	void broadcasterCannotJoinTheProjectorsGroup() {
		try (KafkaConsumer<String, String> broadcaster = consumer("sse-broadcaster", "score-projection-workers")) {
			broadcaster.subscribe(List.of(Topics.LEADERBOARD_NOTIFICATIONS));
			assertThat(refusal(() -> broadcaster.poll(Duration.ofSeconds(10))))
				.isInstanceOf(GroupAuthorizationException.class);
		}
	}

	@Test
	void aWrongPasswordIsRefused() {
		Map<String, Object> settings = producerSettings("outbox-publisher");
		settings.putAll(broker.serviceClient("outbox-publisher", "not-the-password"));
		assertThat(refusal(() -> send(settings, Topics.SCORE_EVENTS))).isInstanceOf(SaslAuthenticationException.class);
	}

	private static String send(String service, String topic) throws Exception {
		return send(producerSettings(service), topic);
	}

	private static String send(Map<String, Object> settings, String topic) throws Exception {
		String value = UUID.randomUUID().toString();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
			producer.send(new ProducerRecord<>(topic, "1", value)).get();
		}
		return value;
	}

	private static Map<String, Object> producerSettings(String service) {
		Map<String, Object> settings = new HashMap<>(broker.serviceClient(service, password(service)));
		settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
		return settings;
	}

	private static KafkaConsumer<String, String> consumer(String service, String group) {
		Map<String, Object> settings = new HashMap<>(broker.serviceClient(service, password(service)));
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		return new KafkaConsumer<>(settings);
	}

	/**
	 * What the broker's refusal surfaces as: a send's failed future holds it as its
	 * cause.
	 */
	private static Throwable refusal(ThrowingCallable call) {
		Throwable thrown = catchThrowable(call);
		return (thrown instanceof ExecutionException) ? thrown.getCause() : thrown;
	}

	private static String password(String service) {
		return service + "-secret";
	}

}
