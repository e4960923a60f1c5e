/*
 * Open-loop write load for the leaderboard benchmark. JDK 17 only (java.net.http), run as
 *   java loadtest/bench/Bench.java --phases warmup:300:10,w1000:1000:40 --players 10000 --out target/bench.json
 *
 * Every request has an intended start time (phase start + i / rate). The scheduler sends it
 * at that time, or at once when it is already late, and its latency is measured from the
 * intended start, not from when it was actually sent: a slow answer that holds the sender
 * back is still counted in full (no coordinated omission).
 *
 * Alongside the writes, one SSE stream on the broadcaster is read, and "probe" submissions
 * whose score beats everything on the board (so they enter the top 10, at #1) are sent at a
 * fixed interval; the time from a probe's intended start to the first `update` frame whose
 * top holds its score is the submission-to-SSE latency.
 *
 * Prints one JSON line per event on stdout ({"event":"phase-start",...}) so the driver can
 * line up its own samplers, and writes the whole result to --out.
 */
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Bench {

	static String api = "http://127.0.0.1:8080";
	static String sse = "http://127.0.0.1:8081";
	static int players = 10_000;
	static int tokenPlayers = 2_000;
	static long probeIntervalMs = 750;
	static int maxInFlight = 1_000;
	static long maxLateMs = 5_000;
	static double newBestShare = 0.15;
	static String out = "target/bench.json";
	static long minId = 1;
	static long maxId = 1;
	/** the seeded players' user ids (rank reads pick one at random); else minId..maxId */
	static long[] ids;
	static List<String[]> phases = new ArrayList<>();

	static final PrintStream OUT = System.out;
	static HttpClient client;
	static String[] tokens;

	/** probe score → intended start (ns, System.nanoTime) */
	static final Map<Long, Long> probesPending = new ConcurrentHashMap<>();
	static final Map<Long, String> probePhase = new ConcurrentHashMap<>();
	static final Map<String, List<Long>> probeLatencies = new ConcurrentHashMap<>();
	static final AtomicLong sseFrames = new AtomicLong();
	static volatile boolean sseConnected;

	public static void main(String[] args) throws Exception {
		for (int i = 0; i < args.length; i += 2) {
			String v = args[i + 1];
			switch (args[i]) {
				case "--api" -> api = v;
				case "--sse" -> sse = v;
				case "--players" -> players = Integer.parseInt(v);
				case "--token-players" -> tokenPlayers = Integer.parseInt(v);
				case "--probe-interval-ms" -> probeIntervalMs = Long.parseLong(v);
				case "--max-in-flight" -> maxInFlight = Integer.parseInt(v);
				case "--max-late-ms" -> maxLateMs = Long.parseLong(v);
				case "--new-best-share" -> newBestShare = Double.parseDouble(v);
				case "--out" -> out = v;
				case "--min-id" -> minId = Long.parseLong(v);
				case "--max-id" -> maxId = Long.parseLong(v);
				case "--ids" -> ids = Files.readAllLines(Path.of(v)).stream().filter(l -> !l.isBlank())
					.mapToLong(l -> Long.parseLong(l.trim())).toArray();
				case "--phases" -> {
					for (String p : v.split(",")) {
						phases.add(p.split(":"));
					}
				}
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		tokenPlayers = Math.min(tokenPlayers, players);
		ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
			Thread t = new Thread(r, "http");
			t.setDaemon(true);
			return t;
		});
		client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.executor(pool)
			.build();
		mintTokens();
		Thread sseThread = new Thread(Bench::readSse, "sse");
		sseThread.setDaemon(true);
		sseThread.start();
		for (int i = 0; i < 100 && !sseConnected; i++) {
			Thread.sleep(50);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("players", players);
		result.put("tokenPlayers", tokenPlayers);
		result.put("probeIntervalMs", probeIntervalMs);
		List<Object> phaseResults = new ArrayList<>();
		result.put("phases", phaseResults);
		for (String[] phase : phases) {
			phaseResults.add(runPhase(phase[0], Double.parseDouble(phase[1]), Integer.parseInt(phase[2])));
			Files.writeString(Path.of(out), Json.write(result));
		}
		result.put("sseFrames", sseFrames.get());
		Files.writeString(Path.of(out), Json.write(result));
		event("done", Map.of());
		System.exit(0);
	}

	static void event(String name, Map<String, Object> fields) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("event", name);
		m.put("epochMs", System.currentTimeMillis());
		m.putAll(fields);
		synchronized (OUT) {
			OUT.println(Json.write(m));
			OUT.flush();
		}
	}

	static void mintTokens() throws Exception {
		tokens = new String[tokenPlayers];
		Semaphore permits = new Semaphore(8);
		AtomicInteger failures = new AtomicInteger();
		Pattern p = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
		long t0 = System.nanoTime();
		List<java.util.concurrent.CompletableFuture<?>> all = new ArrayList<>();
		for (int i = 0; i < tokenPlayers; i++) {
			int idx = i;
			permits.acquire();
			String body = "{\"subject\":\"bench-p" + (i + 1) + "\",\"nickName\":\"P" + (i + 1) + "\",\"scopes\":[]}";
			HttpRequest req = HttpRequest.newBuilder(URI.create(api + "/dev/tokens"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			all.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
				permits.release();
				if (e != null || r.statusCode() != 200) {
					failures.incrementAndGet();
					return;
				}
				Matcher m = p.matcher(r.body());
				if (m.find()) {
					tokens[idx] = m.group(1);
				}
				else {
					failures.incrementAndGet();
				}
			}));
		}
		for (var f : all) {
			try {
				f.join();
			}
			catch (Exception ignored) {
			}
		}
		if (failures.get() > 0) {
			throw new IllegalStateException(failures.get() + " tokens could not be minted (is the local profile on?)");
		}
		event("tokens", Map.of("count", tokenPlayers, "millis", (System.nanoTime() - t0) / 1_000_000));
	}

	static final Pattern SCORE = Pattern.compile("\"score\":(\\d+)");

	static void readSse() {
		while (true) {
			try {
				HttpRequest req = HttpRequest.newBuilder(URI.create(sse + "/events"))
					.header("Accept", "text/event-stream")
					.GET()
					.build();
				HttpResponse<java.util.stream.Stream<String>> r = client.send(req, HttpResponse.BodyHandlers.ofLines());
				sseConnected = true;
				r.body().forEach(line -> {
					if (!line.startsWith("data:")) {
						return;
					}
					long now = System.nanoTime();
					sseFrames.incrementAndGet();
					if (probesPending.isEmpty() || !line.contains("\"update\"")) {
						return;
					}
					Matcher m = SCORE.matcher(line);
					while (m.find()) {
						long score = Long.parseLong(m.group(1));
						Long start = probesPending.remove(score);
						if (start != null) {
							String phase = probePhase.remove(score);
							probeLatencies.computeIfAbsent(phase, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
								.add(now - start);
						}
					}
				});
			}
			catch (Exception ex) {
				event("sse-error", Map.of("error", String.valueOf(ex)));
			}
			sseConnected = false;
			LockSupport.parkNanos(500_000_000L);
		}
	}

	static HttpRequest submit(int player, long score) {
		return HttpRequest.newBuilder(URI.create(api + "/scores"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + tokens[player])
			.POST(HttpRequest.BodyPublishers.ofString("{\"score\":" + score + "}"))
			.build();
	}

	/** a phase named top* reads GET /leaderboard/top, rank* reads GET /leaderboard/{userId}, others write */
	static HttpRequest request(String name, ThreadLocalRandom rnd) {
		if (name.startsWith("top")) {
			return HttpRequest.newBuilder(URI.create(api + "/leaderboard/top?limit=10")).timeout(Duration.ofSeconds(30)).build();
		}
		if (name.startsWith("rank")) {
			long id = (ids != null) ? ids[rnd.nextInt(ids.length)] : rnd.nextLong(minId, maxId + 1);
			return HttpRequest.newBuilder(URI.create(api + "/leaderboard/" + id))
				.timeout(Duration.ofSeconds(30))
				.build();
		}
		// most submissions are below the player's best (seeded 100k..900k), some are new bests
		long score = rnd.nextDouble() < newBestShare ? 900_000 + rnd.nextLong(100_000_000) : rnd.nextLong(100_000);
		return submit(rnd.nextInt(tokenPlayers), score);
	}

	static Map<String, Object> runPhase(String name, double rate, int seconds) throws Exception {
		boolean writes = !name.startsWith("top") && !name.startsWith("rank");
		long total = Math.round(rate * seconds);
		long[] latencies = new long[(int) total];
		Arrays.fill(latencies, -1);
		Map<Integer, AtomicInteger> statuses = new TreeMap<>();
		AtomicInteger ok = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicLong lastCompletion = new AtomicLong();
		AtomicLong maxLateNs = new AtomicLong();
		Semaphore cap = new Semaphore(maxInFlight);
		long intervalNs = (long) (1_000_000_000L / rate);
		String[] statusKeys = new String[0];
		event("phase-start", Map.of("phase", name, "rate", rate, "seconds", seconds));
		long start = System.nanoTime() + 20_000_000L;
		long startEpoch = System.currentTimeMillis() + 20;
		long probeEvery = probeIntervalMs * 1_000_000L;
		long nextProbe = writes ? start + probeEvery / 2 : Long.MAX_VALUE;
		int probesSent = 0;
		ThreadLocalRandom rnd = ThreadLocalRandom.current();
		long abortedAt = -1;
		for (int i = 0; i < total; i++) {
			long intended = start + i * intervalNs;
			// probes share the schedule: each goes at its own intended time
			while (nextProbe <= intended) {
				waitUntil(nextProbe);
				long probeIntended = nextProbe;
				long score = System.currentTimeMillis() * 1000 + (probesSent % 1000);
				probesPending.put(score, probeIntended);
				probePhase.put(score, name);
				probesSent++;
				client.sendAsync(submit(rnd.nextInt(tokenPlayers), score), HttpResponse.BodyHandlers.discarding());
				nextProbe += probeEvery;
			}
			waitUntil(intended);
			long late = System.nanoTime() - intended;
			if (late > maxLateMs * 1_000_000L) {
				// the service has held the schedule back for longer than maxLateMs: it cannot take
				// this rate; cut the phase short (what was not sent is reported as such)
				abortedAt = i;
				break;
			}
			if (late > maxLateNs.get()) {
				maxLateNs.set(late);
			}
			if (!cap.tryAcquire()) {
				// still measured from the intended start; a phase the service cannot answer for
				// 5 s in a row is cut short (the rest is counted as not sent)
				if (!cap.tryAcquire(maxLateMs, TimeUnit.MILLISECONDS)) {
					abortedAt = i;
					break;
				}
			}
			int idx = i;
			inFlight.incrementAndGet();
			client.sendAsync(request(name, rnd), HttpResponse.BodyHandlers.discarding())
				.whenComplete((r, e) -> {
					long now = System.nanoTime();
					cap.release();
					inFlight.decrementAndGet();
					latencies[idx] = now - intended;
					lastCompletion.accumulateAndGet(now, Math::max);
					int status = (e != null) ? 0 : r.statusCode();
					synchronized (statuses) {
						statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
					}
					if (status == 200) {
						ok.incrementAndGet();
					}
					else {
						failed.incrementAndGet();
					}
				});
		}
		long sentAll = System.nanoTime();
		long endEpoch = System.currentTimeMillis();
		// let the phase's answers arrive (bounded)
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (inFlight.get() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		long drainedEpoch = System.currentTimeMillis();
		// the last probes' frames
		long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (probePhase.containsValue(name) && System.nanoTime() < probeDeadline) {
			Thread.sleep(20);
		}
		int unanswered = inFlight.get();
		long[] done = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
		double elapsed = (Math.max(lastCompletion.get(), sentAll) - start) / 1e9;
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("phase", name);
		r.put("offeredPerSecond", rate);
		r.put("seconds", seconds);
		r.put("startEpochMs", startEpoch);
		r.put("endEpochMs", endEpoch);
		r.put("drainedEpochMs", drainedEpoch);
		r.put("sent", abortedAt >= 0 ? abortedAt : total);
		r.put("cutShort", abortedAt >= 0);
		r.put("accepted", ok.get());
		r.put("failed", failed.get());
		r.put("unanswered", unanswered);
		Map<String, Integer> st = new TreeMap<>();
		statuses.forEach((k, v) -> st.put(String.valueOf(k), v.get()));
		r.put("statuses", st);
		r.put("acceptedPerSecond", ok.get() / elapsed);
		r.put("secondsToLastAnswer", elapsed);
		r.put("schedulerMaxLateMs", maxLateNs.get() / 1e6);
		r.put("submitLatencyMs", percentiles(done));
		List<Long> probes = probeLatencies.getOrDefault(name, List.of());
		long[] pl;
		synchronized (probes) {
			pl = probes.stream().mapToLong(Long::longValue).sorted().toArray();
		}
		Map<String, Object> sseR = percentiles(pl);
		sseR.put("probesSent", probesSent);
		sseR.put("probesSeen", pl.length);
		r.put("submitToSseMs", sseR);
		// forget probes this phase never saw
		probePhase.entrySet().removeIf(e -> {
			if (e.getValue().equals(name)) {
				probesPending.remove(e.getKey());
				return true;
			}
			return false;
		});
		event("phase-end", r);
		Thread.sleep(2000);
		return r;
	}

	static Map<String, Object> percentiles(long[] sortedNs) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("count", sortedNs.length);
		if (sortedNs.length == 0) {
			return m;
		}
		for (double q : new double[] { 50, 90, 95, 99, 99.9 }) {
			int idx = (int) Math.ceil(q / 100 * sortedNs.length) - 1;
			m.put("p" + (q == Math.floor(q) ? String.valueOf((int) q) : String.valueOf(q)),
					sortedNs[Math.max(0, idx)] / 1e6);
		}
		m.put("max", sortedNs[sortedNs.length - 1] / 1e6);
		return m;
	}

	static void waitUntil(long t) {
		long d;
		while ((d = t - System.nanoTime()) > 0) {
			if (d > 200_000) {
				LockSupport.parkNanos(d - 100_000);
			}
			else {
				Thread.onSpinWait();
			}
		}
	}

	/** just enough JSON writing for maps, lists, strings and numbers */
	static final class Json {

		static String write(Object o) {
			StringBuilder sb = new StringBuilder();
			write(sb, o);
			return sb.toString();
		}

		static void write(StringBuilder sb, Object o) {
			if (o == null) {
				sb.append("null");
			}
			else if (o instanceof Map<?, ?> m) {
				sb.append('{');
				boolean first = true;
				for (var e : m.entrySet()) {
					if (!first) {
						sb.append(',');
					}
					first = false;
					write(sb, String.valueOf(e.getKey()));
					sb.append(':');
					write(sb, e.getValue());
				}
				sb.append('}');
			}
			else if (o instanceof List<?> l) {
				sb.append('[');
				for (int i = 0; i < l.size(); i++) {
					if (i > 0) {
						sb.append(',');
					}
					write(sb, l.get(i));
				}
				sb.append(']');
			}
			else if (o instanceof Number n) {
				double d = n.doubleValue();
				if (Double.isNaN(d) || Double.isInfinite(d)) {
					sb.append("null");
				}
				else if (o instanceof Double || o instanceof Float) {
					sb.append(Math.round(d * 1000) / 1000.0);
				}
				else {
					sb.append(n);
				}
			}
			else if (o instanceof Boolean b) {
				sb.append(b);
			}
			else {
				sb.append('"');
				for (char c : o.toString().toCharArray()) {
					switch (c) {
						case '"' -> sb.append("\\\"");
						case '\\' -> sb.append("\\\\");
						case '\n' -> sb.append("\\n");
						default -> {
							if (c < 0x20) {
								sb.append(String.format("\\u%04x", (int) c));
							}
							else {
								sb.append(c);
							}
						}
					}
				}
				sb.append('"');
			}
		}

	}

}
