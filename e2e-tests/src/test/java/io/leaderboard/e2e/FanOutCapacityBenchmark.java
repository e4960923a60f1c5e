package io.leaderboard.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * One broadcaster, measured: N spectators in a process of their own
 * ({@link FanOutClient}) on one broadcaster, for each transport and frame mode asked for.
 * Per run it posts real scores (latency from the POST), then publishes notifications
 * straight to Kafka (latency from the notification), each 600 ms apart so the 500 ms rate
 * cap passes every one; and it reads heap and native memory per idle connection (after a
 * full GC, NMT), the broadcaster's CPU per delivered frame and the client's CPU. Prints
 * the figures and appends one row per run to
 * {@code docs/benchmarks/<date>-fanout/report.md}. A benchmark, not a test:
 * {@code ./mvnw verify} does not run it.
 *
 * <pre>
 * ./mvnw -q -o verify -pl e2e-tests -am -Dtest=FanOutCapacityBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dfuzz-tests.skip=true -Dbench.connections=18000 -Dbench.transport=sse,ws -Dbench.frames=full,delta \
 *   -De2e.broadcaster.heap=1g -Dbench.label=after
 * </pre>
 */
class FanOutCapacityBenchmark {

	private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

	private static final int CONNECTIONS = Integer.getInteger("bench.connections", 500);

	private static final int UPDATES = Integer.getInteger("bench.updates", 20);

	private static final List<String> TRANSPORTS = List.of(System.getProperty("bench.transport", "sse").split(","));

	private static final List<String> FRAMES = List.of(System.getProperty("bench.frames", "full").split(","));

	private static final String LABEL = System.getProperty("bench.label", "run");

	private static final boolean PROFILE = Boolean.getBoolean("bench.jfr");

	/** Nine players below the one whose scores are timed, so the top has ten rows. */
	private static final int OTHERS = 9;

	private static final Duration SPACING = Duration.ofMillis(600);

	private final EventCodec codec = new EventCodec();

	@Test
	void oneBroadcasterMeasured() throws Exception {
		if (System.getProperty("e2e.broadcaster.jvm-flags") == null) {
			// the full JIT as deployed; serial GC for the heap figures, NMT for native
			System.setProperty("e2e.broadcaster.jvm-flags", "-XX:+UseSerialGC -XX:NativeMemoryTracking=summary");
		}
		Stack stack = Stack.start();
		long broadcaster = stack.services.pid("sse-broadcaster");
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i <= OTHERS; i++) {
			tokens.add(stack.token("bench-" + i, "Bench player " + i));
		}
		String admin = stack.adminToken();
		List<Map<String, String>> rows = new ArrayList<>();
		for (String transport : TRANSPORTS) {
			for (String frames : FRAMES) {
				String board = "bench-" + transport + "-" + frames + "-"
						+ Long.toString(System.currentTimeMillis(), 36);
				stack.put("/admin/leaderboards/" + board, "{\"sortOrder\":\"desc\",\"operator\":\"best\"}", admin);
				for (int i = 1; i <= OTHERS; i++) {
					stack.post("/leaderboards/" + board + "/scores", "{\"score\": " + (1000 * i) + "}", tokens.get(i));
				}
				rows.add(run(stack, broadcaster, board, transport, frames, tokens.get(0)));
			}
		}
		write(rows);
	}

	private Map<String, String> run(Stack stack, long broadcaster, String board, String transport, String frames,
			String timedPlayer) throws Exception {
		String machineBefore = top();
		long heapBefore = heapAfterGc(broadcaster);
		long nativeBefore = nativeCommitted(broadcaster);
		Path out = Path.of("target", "fanout-" + transport + "-" + frames + ".txt").toAbsolutePath();
		Process client = startClient(stack.broadcaster, board, transport, frames, out);
		PrintStream commands = new PrintStream(client.getOutputStream(), true, StandardCharsets.UTF_8);
		AtomicInteger open = new AtomicInteger(-1);
		AtomicLong progress = new AtomicLong();
		follow(client, open, progress);
		waitFor(() -> open.get() >= 0 || !client.isAlive(), Duration.ofMinutes(5));
		long heapConnected = heapAfterGc(broadcaster);
		long nativeConnected = nativeCommitted(broadcaster);
		int connected = Math.max(open.get(), 0);

		Map<String, String> row = new LinkedHashMap<>();
		row.put("build", LABEL);
		row.put("transport", transport);
		row.put("frames", frames);
		row.put("connections", connected + " of " + CONNECTIONS);

		// from the POST: a real score through api-service, outbox, projector and Kafka,
		// once the notifications of the board's seeding are through
		waitUntil(Instant.now().plus(SPACING.multipliedBy(3)));
		Cpu post = Cpu.start(broadcaster, client.pid());
		commands.println("phase post");
		progress.set(0);
		for (int i = 0; i < UPDATES; i++) {
			Instant due = Instant.now().plus(SPACING);
			stack.post("/leaderboards/" + board + "/scores", "{\"score\": " + System.currentTimeMillis() + "}",
					timedPlayer);
			waitUntil(due);
		}
		waitFor(() -> progress.get() >= (long) connected * UPDATES, Duration.ofSeconds(30));
		Cpu.Used postCpu = post.stop();

		// from the notification: one first that makes the top ten rows, then the timed
		// ones
		try (KafkaProducer<String, byte[]> producer = producer()) {
			// past any sequence the projector gave the board (its are epoch-based too)
			long sequence = System.currentTimeMillis() * 10;
			publish(producer, board, sequence++);
			waitUntil(Instant.now().plus(SPACING.multipliedBy(3)));
			if (PROFILE) {
				jcmd(broadcaster, "JFR.start name=fanout settings=profile");
			}
			Cpu notify = Cpu.start(broadcaster, client.pid());
			commands.println("phase notify");
			progress.set(0);
			for (int i = 0; i < UPDATES; i++) {
				Instant due = Instant.now().plus(SPACING);
				publish(producer, board, sequence++);
				waitUntil(due);
			}
			waitFor(() -> progress.get() >= (long) connected * UPDATES, Duration.ofSeconds(30));
			Cpu.Used notifyCpu = notify.stop();
			if (PROFILE) {
				Path recording = Path.of("target", "fanout-" + transport + "-" + frames + ".jfr").toAbsolutePath();
				jcmd(broadcaster, "JFR.stop name=fanout filename=" + recording);
				System.out.println("JFR recording: " + recording);
			}
			commands.println("report");
			client.waitFor(60, TimeUnit.SECONDS);
			Map<String, String> figures = figures(out);
			long sent = (long) connected * UPDATES;
			row.put("notify: delivered of sent", figures.get("notify.frames") + " of " + sent);
			row.put("notify p50/p99/max ms",
					figures.get("notify.p50") + " / " + figures.get("notify.p99") + " / " + figures.get("notify.max"));
			row.put("post: delivered of sent", figures.get("post.frames") + " of " + sent);
			row.put("post p50/p99/max ms",
					figures.get("post.p50") + " / " + figures.get("post.p99") + " / " + figures.get("post.max"));
			row.put("bytes per update per connection",
					String.format("%.0f", Double.parseDouble(figures.get("notify.bytes"))
							/ Math.max(1, Long.parseLong(figures.get("notify.frames")))));
			row.put("heap per idle connection KB",
					String.format("%.1f", (heapConnected - heapBefore) / 1024.0 / Math.max(1, connected)));
			row.put("native per idle connection KB",
					String.format("%.1f", (nativeConnected - nativeBefore) / 1024.0 / Math.max(1, connected)));
			row.put("broadcaster CPU µs per frame", String.format("%.1f",
					notifyCpu.broadcasterSeconds() * 1e6 / Math.max(1, Long.parseLong(figures.get("notify.frames")))));
			row.put("broadcaster cores", String.format("%.2f", notifyCpu.broadcasterCores()));
			row.put("client cores", String.format("%.2f", notifyCpu.clientCores()));
			row.put("broadcaster cores (post)", String.format("%.2f", postCpu.broadcasterCores()));
			row.put("open in s", String.format("%.1f", Double.parseDouble(figures.get("openSeconds"))));
			row.put("gap snapshots", figures.get("notify.gaps") + " + " + figures.get("post.gaps"));
		}
		finally {
			client.destroy();
		}
		String machineAfter = top();
		row.put("top before", machineBefore);
		row.put("top after", machineAfter);
		System.out.println(summary(row));
		return row;
	}

	private void publish(KafkaProducer<String, byte[]> producer, String board, long sequence) {
		long now = System.currentTimeMillis();
		List<LeaderboardEntry> top = new ArrayList<>();
		// the first row's score is the send time, the only row that changes
		top.add(new LeaderboardEntry(1, 100, "Bench player 0", now, Instant.ofEpochMilli(now), null));
		for (int i = OTHERS; i >= 1; i--) {
			top.add(new LeaderboardEntry(OTHERS - i + 2, 100 + i, "Bench player " + i, 1000L * i,
					Instant.parse("2026-12-01T12:00:00Z"), null));
		}
		LeaderboardChanged changed = new LeaderboardChanged(LeaderboardChanged.SCHEMA_VERSION, board, "all", sequence,
				top, List.of(), false, Instant.now(), Instant.now());
		producer.send(new ProducerRecord<>(Topics.LEADERBOARD_NOTIFICATIONS, board, this.codec.toBytes(changed)));
		producer.flush();
	}

	private static Process startClient(int port, String board, String transport, String frames, Path out)
			throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		Path classes = Path.of("target", "test-classes").toAbsolutePath();
		return new ProcessBuilder(java, "-Xmx256m", "-Xss256k", "-XX:+UseSerialGC", "-XX:CICompilerCount=2", "-cp",
				classes.toString(), FanOutClient.class.getName(), "127.0.0.1", Integer.toString(port), board,
				Integer.toString(CONNECTIONS), transport, frames, out.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
	}

	/** The client's stdout: {@code open <n> ...} once connected, then progress counts. */
	private static void follow(Process client, AtomicInteger open, AtomicLong progress) {
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					if (line.startsWith("open ")) {
						System.out.println("client: " + line);
						open.set(Integer.parseInt(line.split(" ")[1]));
					}
					else if (line.startsWith("progress ")) {
						progress.set(Long.parseLong(line.substring(9)));
					}
				}
			}
			catch (IOException ex) {
				// the client ended
			}
		}, "fanout-client-output");
		reader.setDaemon(true);
		reader.start();
	}

	private static Map<String, String> figures(Path out) throws IOException {
		Map<String, String> figures = new LinkedHashMap<>();
		for (String line : Files.readAllLines(out)) {
			int equals = line.indexOf('=');
			if (equals > 0) {
				figures.put(line.substring(0, equals), line.substring(equals + 1));
			}
		}
		return figures;
	}

	private static final List<String> COLUMNS = List.of("build", "transport", "frames", "connections", "open in s",
			"notify: delivered of sent", "notify p50/p99/max ms", "post: delivered of sent", "post p50/p99/max ms",
			"bytes per update per connection", "heap per idle connection KB", "native per idle connection KB",
			"broadcaster CPU µs per frame", "broadcaster cores", "client cores", "broadcaster cores (post)",
			"gap snapshots");

	private static String summary(Map<String, String> row) {
		StringBuilder summary = new StringBuilder("Fan-out capacity run\n");
		row.forEach((key, value) -> summary
			.append(String.format("  %-34s %s%n", key + ":", value.replace("\n", "\n" + " ".repeat(37)))));
		return summary.toString();
	}

	/** One row per run in the day's report; the machine's load beside it. */
	private static void write(List<Map<String, String>> rows) throws IOException {
		Path folder = ROOT.resolve("docs/benchmarks/" + LocalDate.now(ZoneOffset.UTC) + "-fanout");
		Files.createDirectories(folder);
		Path report = folder.resolve("report.md");
		StringBuilder text = new StringBuilder();
		if (!Files.exists(report)) {
			text.append("# Fan-out capacity: one broadcaster, measured\n\n")
				.append("Rows appended by `FanOutCapacityBenchmark` (docs/benchmark.md, Capacity); ")
				.append("the `top` snapshots of each run are in machine.md.\n\n| ")
				.append(String.join(" | ", COLUMNS))
				.append(" |\n|")
				.append("---|".repeat(COLUMNS.size()))
				.append('\n');
		}
		StringBuilder machine = new StringBuilder();
		for (Map<String, String> row : rows) {
			text.append("| ").append(String.join(" | ", COLUMNS.stream().map(row::get).toList())).append(" |\n");
			machine.append("## ")
				.append(row.get("build"))
				.append(' ')
				.append(row.get("transport"))
				.append(' ')
				.append(row.get("frames"))
				.append(", ")
				.append(row.get("connections"))
				.append(" connections, ")
				.append(Instant.now())
				.append("\n\nbefore:\n\n```\n")
				.append(row.get("top before"))
				.append("```\n\nafter:\n\n```\n")
				.append(row.get("top after"))
				.append("```\n\n");
		}
		Files.writeString(report, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		Files.writeString(folder.resolve("machine.md"), machine, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		System.out.println("Report: " + report);
	}

	/** The busiest processes, to show whether anything else used the cores. */
	private static String top() throws Exception {
		Process process = new ProcessBuilder("top", "-bn1", "-w", "160").redirectErrorStream(true).start();
		List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
			.limit(15)
			.toList();
		process.waitFor(10, TimeUnit.SECONDS);
		return String.join("\n", lines) + "\n";
	}

	private static void waitUntil(Instant due) {
		Duration left = Duration.between(Instant.now(), due);
		if (!left.isNegative() && !left.isZero()) {
			// pacing the sender, not waiting for async work
			Awaitility.await().pollDelay(left).atMost(left.plusSeconds(1)).until(() -> true);
		}
	}

	/** Waits for the condition, or gives up and lets the report show how far it got. */
	private static void waitFor(Callable<Boolean> condition, Duration limit) {
		try {
			Awaitility.await().pollInterval(Duration.ofMillis(100)).atMost(limit).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			// reported in the figures
		}
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

	/** Committed native memory outside the Java heap (NMT), in bytes. */
	private static long nativeCommitted(long pid) throws Exception {
		String summary = jcmd(pid, "VM.native_memory summary");
		Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(summary);
		Matcher heap = Pattern.compile("Java Heap \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(summary);
		if (!total.find() || !heap.find()) {
			return 0;
		}
		return (Long.parseLong(total.group(1)) - Long.parseLong(heap.group(1))) * 1024;
	}

	private static String jcmd(long pid, String command) throws Exception {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		List<String> arguments = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
		arguments.addAll(List.of(command.split(" ")));
		Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor(60, TimeUnit.SECONDS);
		return output;
	}

	private static KafkaProducer<String, byte[]> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.kafka().bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
	}

	/** CPU (utime + stime) of the broadcaster and the client over a phase. */
	private record Cpu(long broadcaster, long client, long broadcasterTicks, long clientTicks, long startedAt) {

		static Cpu start(long broadcaster, long client) throws IOException {
			return new Cpu(broadcaster, client, ticks(broadcaster), ticks(client), System.nanoTime());
		}

		Used stop() throws IOException {
			double wall = (System.nanoTime() - this.startedAt) / 1e9;
			return new Used((ticks(this.broadcaster) - this.broadcasterTicks) / 100.0,
					(ticks(this.client) - this.clientTicks) / 100.0, wall);
		}

		/** In clock ticks (1/100 s). */
		private static long ticks(long pid) throws IOException {
			String[] fields = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).split("\\) ")[1]
				.split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}

		record Used(double broadcasterSeconds, double clientSeconds, double wall) {

			double broadcasterCores() {
				return this.broadcasterSeconds / this.wall;
			}

			double clientCores() {
				return this.clientSeconds / this.wall;
			}

		}

	}

}
