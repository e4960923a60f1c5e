package io.leaderboard.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.Topics;
import io.leaderboard.testsupport.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The broadcaster's capacity: N idle SSE clients on one instance, then notifications;
 * prints delivery latency (from publishing the notification to each client reading it),
 * heap per connection and CPU. A benchmark that prints figures, not a test: it is not run
 * by {@code ./mvnw verify}. Run it with
 * {@code ./mvnw -pl e2e-tests -am verify -Dtest=SseCapacityBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.connections=19000 -De2e.broadcaster.heap=1g}.
 */
class SseCapacityBenchmark {

	private static final int CONNECTIONS = Integer.getInteger("bench.connections", 2_000);

	private static final int UPDATES = Integer.getInteger("bench.updates", 20);

	private static final Pattern SENT_AT = Pattern.compile("\"type\":\"update\".*?\"score\":(\\d+)");

	@Test
	void connectionsLatencyMemoryAndCpu() throws Exception {
		// measured as deployed: the full JIT, not the quick-start flags of the tests
		// (serial
		// GC kept, for the heap figures read from GC.heap_info)
		if (System.getProperty("e2e.broadcaster.jvm-flags") == null) {
			System.setProperty("e2e.broadcaster.jvm-flags", "-XX:+UseSerialGC");
		}
		Stack stack = Stack.start();
		long pid = stack.services.pid("sse-broadcaster");
		stack.put("/admin/leaderboards/bench", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}", stack.adminToken());
		long heapBefore = heapAfterGc(pid);

		AtomicLongArray latencies = new AtomicLongArray(CONNECTIONS * UPDATES);
		AtomicInteger samples = new AtomicInteger();
		AtomicInteger connected = new AtomicInteger();
		AtomicInteger open = new AtomicInteger();
		HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
			.runOn(LoopResources.create("bench", 2, true))
			.baseUrl("http://127.0.0.1:" + stack.broadcaster);
		Disposable[] streams = new Disposable[CONNECTIONS];
		Instant connectStart = Instant.now();
		for (int i = 0; i < CONNECTIONS; i++) {
			AtomicBoolean first = new AtomicBoolean(true);
			streams[i] = client.get()
				.uri("/leaderboards/bench/events")
				.responseContent()
				.asString()
				.doOnSubscribe((subscription) -> connected.incrementAndGet())
				.subscribe((chunk) -> {
					long now = System.currentTimeMillis();
					if (first.compareAndSet(true, false)) {
						open.incrementAndGet();
					}
					Matcher sent = SENT_AT.matcher(chunk);
					while (sent.find()) {
						int slot = samples.getAndIncrement();
						if (slot < latencies.length()) {
							latencies.set(slot, now - Long.parseLong(sent.group(1)));
						}
					}
				}, (error) -> connected.decrementAndGet());
			if (i % 500 == 499) {
				// let the broadcaster accept a batch before the next (its accept backlog)
				int opened = i + 1;
				waitFor(() -> open.get() >= opened, Duration.ofSeconds(10));
			}
		}
		waitFor(() -> open.get() >= CONNECTIONS, Duration.ofMinutes(3));
		Duration connectTime = Duration.between(connectStart, Instant.now());
		long heapConnected = heapAfterGc(pid);
		long cpuBefore = cpuTicks(pid);
		Instant publishStart = Instant.now();

		try (KafkaProducer<String, byte[]> producer = producer()) {
			EventCodec codec = new EventCodec();
			long sequence = System.currentTimeMillis() * 10;
			// one every 600 ms: the rate cap is 2 per second, so each reaches everyone
			Flux.interval(Duration.ZERO, Duration.ofMillis(600)).take(UPDATES).doOnNext((update) -> {
				long now = System.currentTimeMillis();
				// the top entry's score carries the send time, so each client can time it
				LeaderboardChanged changed = new LeaderboardChanged(LeaderboardChanged.SCHEMA_VERSION, "bench", "all",
						sequence + update, List.of(new LeaderboardEntry(1, 1, "Bench", now, Instant.now(), null)),
						List.of(), false, Instant.now(), Instant.now());
				producer.send(new ProducerRecord<>(Topics.LEADERBOARD_NOTIFICATIONS, "bench", codec.toBytes(changed)));
				producer.flush();
			}).blockLast();
		}
		long expected = (long) CONNECTIONS * UPDATES;
		waitFor(() -> samples.get() >= expected, Duration.ofSeconds(30));
		double cpuSeconds = (cpuTicks(pid) - cpuBefore) / 100.0;
		double wall = Duration.between(publishStart, Instant.now()).toMillis() / 1000.0;
		long[] sorted = new long[Math.min(samples.get(), latencies.length())];
		for (int i = 0; i < sorted.length; i++) {
			sorted[i] = latencies.get(i);
		}
		Arrays.sort(sorted);
		String report = String.format("""
				SSE capacity benchmark (one broadcaster, heap %s, %d CPUs)
				  connections open:        %d of %d (connected in %d s)
				  updates delivered:       %d of %d (%.1f%%)
				  delivery latency p50:    %d ms
				  delivery latency p99:    %d ms
				  delivery latency max:    %d ms
				  heap per idle connection: %.1f KB (heap after GC %d MB -> %d MB)
				  broadcaster CPU while publishing: %.2f cores (%.1f s CPU over %.1f s)
				""", System.getProperty("e2e.broadcaster.heap", "256m"), Runtime.getRuntime().availableProcessors(),
				open.get(), CONNECTIONS, connectTime.toSeconds(), sorted.length, expected,
				100.0 * sorted.length / expected, percentile(sorted, 50), percentile(sorted, 99),
				(sorted.length > 0) ? sorted[sorted.length - 1] : -1,
				(heapConnected - heapBefore) / 1024.0 / CONNECTIONS, heapBefore >> 20, heapConnected >> 20,
				cpuSeconds / wall, cpuSeconds, wall);
		System.out.println(report);
		Files.writeString(Path.of("target", "sse-capacity.txt"), report);
		Arrays.stream(streams).forEach(Disposable::dispose);
	}

	/** Waits for the condition, or gives up and lets the report show how far it got. */
	private static void waitFor(java.util.concurrent.Callable<Boolean> condition, Duration limit) {
		try {
			Awaitility.await().pollInterval(Duration.ofMillis(100)).atMost(limit).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			// reported in the figures
		}
	}

	private static long percentile(long[] sorted, int percent) {
		return (sorted.length == 0) ? -1 : sorted[Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
	}

	/** Used heap (young and old generation) after a full collection, from jcmd. */
	private static long heapAfterGc(long pid) throws Exception {
		jcmd(pid, "GC.run");
		Matcher used = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
		long total = 0;
		while (used.find()) {
			total += Long.parseLong(used.group(1)) * 1024;
		}
		return total;
	}

	private static String jcmd(long pid, String command) throws Exception {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor(30, TimeUnit.SECONDS);
		return output;
	}

	/** utime + stime of the process, in clock ticks (1/100 s). */
	private static long cpuTicks(long pid) throws Exception {
		String[] fields = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).split("\\) ")[1].split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static KafkaProducer<String, byte[]> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.kafka().bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
	}

}
