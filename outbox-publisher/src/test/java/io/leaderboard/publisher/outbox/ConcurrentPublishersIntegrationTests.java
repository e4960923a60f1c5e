package io.leaderboard.publisher.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.leaderboard.testsupport.TestInfrastructure;
import io.leaderboard.support.EventTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/** Publisher instances driven by hand, each with a producer of its own. */
@SpringBootTest(properties = { "leaderboard.schema.mode=migrate", "leaderboard.outbox.loop-enabled=false" })
class ConcurrentPublishersIntegrationTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.registerPostgres(registry);
		TestInfrastructure.registerKafka(registry);
	}

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void twoPublishersNeverPublishARowTwiceAndKeepEachPlayersOrder() throws Exception {
		// few players, many versions each: the publishers keep meeting the same players
		for (long version = 1; version <= 60; version++) {
			for (long user = 1001; user <= 1005; user++) {
				OutboxRows.insert(this.jdbc, user, version);
			}
		}
		OutboxBatch first = batch(TestInfrastructure.kafka().bootstrapServers(), 7);
		OutboxBatch second = batch(TestInfrastructure.kafka().bootstrapServers(), 11);

		try (KafkaConsumer<String, String> consumer = OutboxRows.consumer()) {
			ExecutorService pool = Executors.newFixedThreadPool(2);
			List<Future<Integer>> runs = pool.invokeAll(List.of(drain(first), drain(second)));
			pool.shutdown();
			int published = 0;
			for (Future<Integer> run : runs) {
				published += run.get();
			}

			assertThat(published).isEqualTo(300);
			assertThat(runs).allSatisfy((run) -> assertThat(run.get()).isPositive());
			assertThat(OutboxRows.pending(this.jdbc, 1001, 1005)).isZero();
			List<ConsumerRecord<String, String>> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				received.addAll(OutboxRows.poll(consumer, 1001, 1005));
				assertThat(received).hasSizeGreaterThanOrEqualTo(300);
			});
			Map<String, List<Long>> versionsByPlayer = new HashMap<>();
			for (ConsumerRecord<String, String> record : received) {
				versionsByPlayer.computeIfAbsent(record.key(), (key) -> new ArrayList<>()).add(version(record.value()));
			}
			assertThat(received).hasSize(300);
			assertThat(versionsByPlayer).hasSize(5)
				.allSatisfy((player, versions) -> assertThat(versions)
					.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 60).boxed().toList()));
		}
	}

	@Test
	void aFailureBeforeTheBrokersAckLeavesTheRowsPending() throws Exception {
		OutboxRows.insert(this.jdbc, 2001, 1);
		OutboxRows.insert(this.jdbc, 2002, 1);
		OutboxBatch unreachable = batch("127.0.0.1:" + TestInfrastructure.freePort(), 100);

		assertThatException().isThrownBy(() -> this.transactions.execute((status) -> publish(unreachable)));

		assertThat(OutboxRows.pending(this.jdbc, 2001, 2002)).isEqualTo(2);

		try (KafkaConsumer<String, String> consumer = OutboxRows.consumer()) {
			OutboxBatch healthy = batch(TestInfrastructure.kafka().bootstrapServers(), 100);
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				this.transactions.execute((status) -> publish(healthy));
				assertThat(OutboxRows.pending(this.jdbc, 2001, 2002)).isZero();
			});
			List<ConsumerRecord<String, String>> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				received.addAll(OutboxRows.poll(consumer, 2001, 2002));
				assertThat(received).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("2001", "2002");
			});
		}
	}

	private Callable<Integer> drain(OutboxBatch batch) {
		return () -> {
			int total = 0;
			int published;
			do {
				published = this.transactions.execute((status) -> publish(batch));
				total += published;
			}
			while (published > 0 || OutboxRows.pending(this.jdbc, 1001, 1005) > 0);
			return total;
		};
	}

	private static int publish(OutboxBatch batch) {
		try {
			return batch.publishOnce();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private OutboxBatch batch(String bootstrapServers, int batchSize) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
		OutboxProperties properties = new OutboxProperties(batchSize, Duration.ofMillis(100), Duration.ofMillis(5),
				Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofHours(24));
		return new OutboxBatch(this.jdbc, kafka, properties, new EventTracing(Tracer.NOOP, Propagator.NOOP),
				new SimpleMeterRegistry());
	}

	private static long version(String payload) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"version\": (\\d+)").matcher(payload);
		assertThat(matcher.find()).as(payload).isTrue();
		return Long.parseLong(matcher.group(1));
	}

}
