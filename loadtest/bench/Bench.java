/*
 * Open-loop load for the leaderboard benchmark. JDK 17 only, run as
 *   java loadtest/bench/Bench.java --phases warmup:300:10,w1000:1000:40 --players 10000 --out target/bench.json
 *
 * Every request has an intended start time (phase start + i / rate). The scheduler sends it
 * at that time, or at once when it is already late, and its latency is measured from the
 * intended start, not from when it was actually sent: a slow answer that holds the sender
 * back is still counted in full (no coordinated omission). A request that finds no free
 * connection waits for one, and that wait is part of its latency too.
 *
 * The measured requests go through a small HTTP/1.1 client of its own (Client below) rather
 * than java.net.http: the generator shares two cores with the system under test, and
 * HttpClient's hand-offs between threads, futures and per-request objects cost more CPU per
 * request than the service being measured. Here the scheduler thread writes a due request
 * itself on an idle keep-alive connection (pre-encoded bytes, one request in flight per
 * connection, no pipelining), and one selector thread reads the answers. Minting tokens and
 * the SSE stream are not hot and stay on java.net.http.
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
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
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
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Bench {

	static String api = "http://127.0.0.1:8080";
	static String sse = "http://127.0.0.1:8081";
	static int players = 10_000;
	static int tokenPlayers = 2_000;
	static long probeIntervalMs = 750;
	static int maxInFlight = 1_000;
	/** keep-alive connections of the measured requests, opened as the load needs them */
	static int connections = 128;
	static long maxLateMs = 5_000;
	static double newBestShare = 0.15;
	static String out = "target/bench.json";
	static long minId = 1;
	static long maxId = 1;
	/** the seeded players' user ids (rank reads pick one at random); else minId..maxId */
	static long[] ids;
	static List<String[]> phases = new ArrayList<>();

	static final PrintStream OUT = System.out;
	/** token minting and the SSE stream only */
	static HttpClient jdkHttp;
	static Client client;
	static String[] tokens;

	/** minted tokens kept between the runs of one benchmark: minting 2,000 takes seconds */
	static Path tokensFile;

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
				case "--connections" -> connections = Integer.parseInt(v);
				case "--max-late-ms" -> maxLateMs = Long.parseLong(v);
				case "--new-best-share" -> newBestShare = Double.parseDouble(v);
				case "--out" -> out = v;
				case "--tokens-file" -> tokensFile = Path.of(v);
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
		jdkHttp = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.executor(pool)
			.build();
		mintTokens();
		URI apiUri = URI.create(api);
		client = new Client(apiUri, new Requests(apiUri, tokens), connections);
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
		result.put("connections", connections);
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
		if (tokensFile != null && Files.exists(tokensFile)) {
			List<String> kept = Files.readAllLines(tokensFile);
			if (kept.size() == tokenPlayers) {
				tokens = kept.toArray(String[]::new);
				return;
			}
		}
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
			all.add(jdkHttp.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
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
		if (tokensFile != null) {
			Files.write(tokensFile, List.of(tokens));
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
				HttpResponse<java.util.stream.Stream<String>> r = jdkHttp.send(req, HttpResponse.BodyHandlers.ofLines());
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

	static Map<String, Object> runPhase(String name, double rate, int seconds) throws Exception {
		Kind kind = Kind.of(name);
		int total = (int) Math.round(rate * seconds);
		long intervalNs = (long) (1_000_000_000L / rate);
		event("phase-start", Map.of("phase", name, "rate", rate, "seconds", seconds));
		long cpuAtStart = cpuNanos();
		long start = System.nanoTime() + 20_000_000L;
		long startEpoch = System.currentTimeMillis() + 20;
		Phase phase = new Phase(kind, start, intervalNs, total);
		client.begin(phase);
		long probeEvery = probeIntervalMs * 1_000_000L;
		long nextProbe = kind == Kind.WRITE ? start + probeEvery / 2 : Long.MAX_VALUE;
		int probesSent = 0;
		long maxLateNs = 0;
		long tooLate = maxLateMs * 1_000_000L;
		int abortedAt = -1;
		int i = 0;
		while (i < total) {
			long intended = phase.intended(i);
			// probes share the schedule: each goes at its own intended time
			if (nextProbe <= intended) {
				waitUntil(nextProbe);
				long score = System.currentTimeMillis() * 1000 + (probesSent % 1000);
				probesPending.put(score, nextProbe);
				probePhase.put(score, name);
				probesSent++;
				client.probe(score, nextProbe);
				nextProbe += probeEvery;
				continue;
			}
			waitUntil(intended);
			long now = System.nanoTime();
			long late = now - intended;
			if (late > tooLate) {
				// the service has held the schedule back for longer than maxLateMs: it cannot take
				// this rate; cut the phase short (what was not sent is reported as such)
				abortedAt = i;
				break;
			}
			maxLateNs = Math.max(maxLateNs, late);
			// everything due by now goes in one hand-off: above a few thousand a second one
			// wake-up of this thread serves several requests
			int due = (int) Math.min(total, (now - start) / intervalNs + 1);
			int room = phase.completed + maxInFlight - i;
			if (room <= 0) {
				// still measured from the intended start; a phase the service cannot answer for
				// maxLateMs in a row is cut short (the rest is counted as not sent)
				while ((room = phase.completed + maxInFlight - i) <= 0 && System.nanoTime() - now < tooLate) {
					LockSupport.parkNanos(100_000);
				}
				if (room <= 0) {
					abortedAt = i;
					break;
				}
			}
			i = Math.min(due, i + room);
			client.release(phase, i, now);
		}
		int sent = abortedAt >= 0 ? abortedAt : total;
		long sentAll = System.nanoTime();
		long endEpoch = System.currentTimeMillis();
		// let the phase's answers arrive (bounded)
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (phase.completed < sent && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		long drainedEpoch = System.currentTimeMillis();
		long cpu = cpuNanos() - cpuAtStart;
		// the last probes' frames
		long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (probePhase.containsValue(name) && System.nanoTime() < probeDeadline) {
			Thread.sleep(20);
		}
		Phase.Results done = client.results(phase);
		int ok = done.statuses()[200];
		int answered = done.answered();
		double elapsed = (Math.max(done.lastCompletion(), sentAll) - start) / 1e9;
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("phase", name);
		r.put("offeredPerSecond", rate);
		r.put("seconds", seconds);
		r.put("startEpochMs", startEpoch);
		r.put("endEpochMs", endEpoch);
		r.put("drainedEpochMs", drainedEpoch);
		r.put("sent", sent);
		r.put("cutShort", abortedAt >= 0);
		r.put("accepted", ok);
		r.put("failed", answered - ok);
		r.put("unanswered", sent - answered);
		Map<String, Integer> st = new TreeMap<>();
		for (int s = 0; s < done.statuses().length; s++) {
			if (done.statuses()[s] > 0) {
				st.put(String.valueOf(s), done.statuses()[s]);
			}
		}
		r.put("statuses", st);
		r.put("acceptedPerSecond", ok / elapsed);
		r.put("secondsToLastAnswer", elapsed);
		r.put("schedulerMaxLateMs", maxLateNs / 1e6);
		r.put("submitLatencyMs", percentiles(recorded(done.latencies())));
		// from the intended start to the write, of each request written: the generator's own share
		// of the latency above (its scheduler waking late, or no connection free)
		r.put("sendDelayMs", percentiles(recorded(done.sendDelays())));
		r.put("connectionsOpened", done.connectionsOpened());
		// this JVM's CPU from phase start until drained; -1 where the platform does not say
		r.put("generatorCpuMs", cpu < 0 ? -1 : cpu / 1e6);
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

	/** the entries recorded so far (the others are -1), sorted */
	static long[] recorded(long[] values) {
		return Arrays.stream(values).filter(l -> l >= 0).sorted().toArray();
	}

	static long cpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
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

	/**
	 * How much later than asked parkNanos returns here (timer slack and the VM's wake-up: about
	 * 100 µs on the benchmark machine). Learned as a low estimate: it drops at once on an early
	 * wake and creeps up on late ones, so the wait below rarely has much left to spin.
	 */
	static long parkOvershootNs = 50_000;

	/** a spin shorter than this is cheaper than the lateness a park would add */
	static final long SPIN_AT_MOST_NS = 20_000;

	/**
	 * Parks until a little before t, by the learned overshoot, and spins the rest. Spinning a
	 * whole overshoot per request would burn a core at 10k/s and more, so a remainder longer
	 * than SPIN_AT_MOST_NS is parked anyway: the request goes a bit late (its latency counts
	 * from t regardless) and the requests due by then go with it in one hand-off.
	 */
	static void waitUntil(long t) {
		long now = System.nanoTime();
		long d = t - now;
		if (d > parkOvershootNs) {
			long asked = d - parkOvershootNs;
			LockSupport.parkNanos(asked);
			long woke = System.nanoTime();
			long overshoot = woke - now - asked;
			parkOvershootNs += (overshoot < parkOvershootNs) ? (overshoot - parkOvershootNs) / 2
					: (overshoot - parkOvershootNs) / 32;
			d = t - woke;
		}
		else if (d > SPIN_AT_MOST_NS) {
			LockSupport.parkNanos(d);
			return;
		}
		while (d > 0) {
			Thread.onSpinWait();
			d = t - System.nanoTime();
		}
	}

	/** a phase named top* reads GET /leaderboard/top, rank* reads GET /leaderboard/{userId}, others write */
	enum Kind {

		TOP, RANK, WRITE;

		static Kind of(String phaseName) {
			return phaseName.startsWith("top") ? TOP : phaseName.startsWith("rank") ? RANK : WRITE;
		}

	}

	/**
	 * One measured phase: its schedule, and its results, which the client writes under its lock
	 * (one writer at a time, no lock per request beyond the one the client takes anyway).
	 */
	static final class Phase {

		final Kind kind;
		final long start;
		final long intervalNs;
		/** per request, -1 until answered */
		final long[] latencies;
		final long[] sendDelays;
		/** answers per HTTP status; 0 is a request that got no answer (connection failed, timed out) */
		final int[] statuses = new int[600];
		/** requests [0, released) are due; the scheduler raises it, under the client's lock */
		int released;
		/** the next due request no connection has taken yet; under the client's lock */
		int nextToSend;
		/** answered requests; volatile so the scheduler can read it for the in-flight cap */
		volatile int completed;
		long lastCompletion;
		int connectionsOpened;

		Phase(Kind kind, long start, long intervalNs, int total) {
			this.kind = kind;
			this.start = start;
			this.intervalNs = intervalNs;
			this.latencies = new long[total];
			this.sendDelays = new long[total];
			Arrays.fill(latencies, -1);
			Arrays.fill(sendDelays, -1);
		}

		long intended(int i) {
			return start + i * intervalNs;
		}

		record Results(long[] latencies, long[] sendDelays, int[] statuses, int answered, long lastCompletion,
				int connectionsOpened) {
		}

	}

	/**
	 * The request bytes, encoded once; per request only a rank read's user id, and a write's
	 * player (its Authorization line) and score are written.
	 */
	static final class Requests {

		final byte[] top;
		final byte[] rankHead;
		final byte[] rankTail;
		final byte[] writeHead;
		/** "Authorization: Bearer <token>\r\n" per token player */
		final byte[][] authorizations;
		final byte[] lengthHead = ascii("Content-Length: ");
		final byte[] bodyHead = ascii("\r\n\r\n{\"score\":");
		final byte[] bodyTail = ascii("}");
		final int maxLength;

		Requests(URI api, String[] tokens) {
			String host = "\r\nHost: " + api.getRawAuthority() + "\r\n";
			top = ascii("GET /leaderboard/top?limit=10 HTTP/1.1" + host + "\r\n");
			rankHead = ascii("GET /leaderboard/");
			rankTail = ascii(" HTTP/1.1" + host + "\r\n");
			writeHead = ascii("POST /scores HTTP/1.1" + host + "Content-Type: application/json\r\n");
			authorizations = new byte[tokens.length][];
			int longest = 0;
			for (int i = 0; i < tokens.length; i++) {
				authorizations[i] = ascii("Authorization: Bearer " + tokens[i] + "\r\n");
				longest = Math.max(longest, authorizations[i].length);
			}
			// the longest request of the three kinds; 20 digits for each number in it
			int write = writeHead.length + longest + lengthHead.length + 20 + bodyHead.length + 20 + bodyTail.length;
			maxLength = Math.max(write, Math.max(top.length, rankHead.length + 20 + rankTail.length));
		}

		void encode(ByteBuffer out, Conn c, ThreadLocalRandom rnd) {
			if (c.index < 0) {
				write(out, rnd.nextInt(authorizations.length), c.probeScore);
				return;
			}
			switch (c.phase.kind) {
				case TOP -> out.put(top);
				case RANK -> {
					out.put(rankHead);
					putDecimal(out, (ids != null) ? ids[rnd.nextInt(ids.length)] : rnd.nextLong(minId, maxId + 1));
					out.put(rankTail);
				}
				case WRITE -> {
					// most submissions are below the player's best (seeded 100k..900k), some are new bests
					long score = rnd.nextDouble() < newBestShare ? 900_000 + rnd.nextLong(100_000_000)
							: rnd.nextLong(100_000);
					write(out, rnd.nextInt(authorizations.length), score);
				}
			}
		}

		private void write(ByteBuffer out, int player, long score) {
			out.put(writeHead).put(authorizations[player]).put(lengthHead);
			putDecimal(out, "{\"score\":}".length() + decimalDigits(score));
			out.put(bodyHead);
			putDecimal(out, score);
			out.put(bodyTail);
		}

		static void putDecimal(ByteBuffer out, long v) {
			int n = decimalDigits(v);
			int at = out.position();
			for (int k = at + n - 1; k >= at; k--) {
				out.put(k, (byte) ('0' + v % 10));
				v /= 10;
			}
			out.position(at + n);
		}

		static int decimalDigits(long v) {
			int n = 1;
			while (v >= 10) {
				v /= 10;
				n++;
			}
			return n;
		}

		static byte[] ascii(String s) {
			return s.getBytes(StandardCharsets.US_ASCII);
		}

	}

	/** One keep-alive connection, the request on it, and the state of parsing its answer. */
	static final class Conn {

		static final int CLOSED = 0, CONNECTING = 1, IDLE = 2, BUSY = 3;

		/** answer parser states */
		static final int STATUS_LINE = 0, HEADERS = 1, BODY = 2, CHUNK_SIZE = 3, CHUNK_DATA = 4, CHUNK_END = 5,
				TRAILERS = 6, UNTIL_CLOSE = 7;

		static final byte[] CONTENT_LENGTH = Requests.ascii("content-length:");
		static final byte[] TRANSFER_ENCODING = Requests.ascii("transfer-encoding:");
		static final byte[] CONNECTION = Requests.ascii("connection:");
		static final byte[] CHUNKED = Requests.ascii("chunked");
		static final byte[] CLOSE = Requests.ascii("close");

		/** what a short write left, for the selector to finish; allocated the first time one happens */
		ByteBuffer unwritten;
		volatile SocketChannel ch;
		SelectionKey key;
		/** changed under the client's lock; volatile so the selector can see a BUSY it did not set */
		volatile int state = CLOSED;
		/** answers on this connection: a request that finds a kept-alive connection closed may be retried */
		int served;

		// the request on the wire (set under the client's lock by whoever hands it out)
		Phase phase;
		/** the request's number in its phase; -1 for a probe */
		int index;
		long intended;
		long probeScore;
		boolean retried;
		long sentAt;

		// its answer
		int parse;
		int status;
		long contentLength;
		long remaining;
		boolean chunked;
		boolean closeAfter;
		boolean gotBytes;
		/** the current header or chunk-size line, as far as it matters (its first bytes) */
		final byte[] line = new byte[64];
		int lineLength;

		void expectAnswer() {
			parse = STATUS_LINE;
			status = 0;
			contentLength = -1;
			remaining = 0;
			chunked = false;
			closeAfter = false;
			gotBytes = false;
			lineLength = 0;
		}

		/** parses bytes [from, to) of the answer; returns where the answer ended, or -1 if it goes on */
		int feed(byte[] b, int from, int to) {
			int i = from;
			while (i < to) {
				if (parse == BODY || parse == CHUNK_DATA) {
					int take = (int) Math.min(remaining, to - i);
					i += take;
					remaining -= take;
					if (remaining == 0) {
						if (parse == BODY) {
							return i;
						}
						parse = CHUNK_END;
					}
				}
				else if (parse == UNTIL_CLOSE) {
					return -1;
				}
				else {
					byte c = b[i++];
					if (c != '\n') {
						if (lineLength < line.length) {
							line[lineLength] = c;
						}
						lineLength++;
						continue;
					}
					int length = Math.min(lineLength, line.length);
					if (lineLength <= line.length && length > 0 && line[length - 1] == '\r') {
						length--;
					}
					lineLength = 0;
					if (lineEnds(length)) {
						return i;
					}
				}
			}
			return -1;
		}

		/** a whole line of the status, headers or chunk framing; true if it ends the answer */
		private boolean lineEnds(int length) {
			switch (parse) {
				case STATUS_LINE -> {
					if (length == 0) {
						return false;
					}
					// "HTTP/1.1 200 " (Tomcat sends no reason phrase)
					status = 0;
					if (length >= 12 && line[0] == 'H') {
						for (int k = 9; k < 12; k++) {
							status = status * 10 + (line[k] - '0');
						}
						if (status < 100 || status > 599) {
							status = 0; // not HTTP: counted as a failure
						}
						closeAfter = line[7] == '0'; // HTTP/1.0
					}
					parse = HEADERS;
				}
				case HEADERS -> {
					if (length > 0) {
						header(length);
						return false;
					}
					if (status / 100 == 1) {
						// an interim answer (100 Continue): the real one follows
						parse = STATUS_LINE;
						return false;
					}
					if (status == 204 || status == 304) {
						return true;
					}
					if (chunked) {
						parse = CHUNK_SIZE;
					}
					else if (contentLength >= 0) {
						remaining = contentLength;
						parse = BODY;
						return contentLength == 0;
					}
					else {
						closeAfter = true;
						parse = UNTIL_CLOSE;
					}
				}
				case CHUNK_SIZE -> {
					long size = 0;
					for (int k = 0; k < length; k++) {
						int digit = Character.digit(line[k], 16);
						if (digit < 0) {
							break;
						}
						size = size * 16 + digit;
					}
					remaining = size;
					parse = size == 0 ? TRAILERS : CHUNK_DATA;
				}
				case CHUNK_END -> parse = CHUNK_SIZE;
				case TRAILERS -> {
					return length == 0;
				}
				default -> throw new IllegalStateException("parser state " + parse);
			}
			return false;
		}

		private void header(int length) {
			if (startsWith(CONTENT_LENGTH, length)) {
				long value = 0;
				for (int k = CONTENT_LENGTH.length; k < length; k++) {
					byte c = line[k];
					if (c >= '0' && c <= '9') {
						value = value * 10 + (c - '0');
					}
				}
				contentLength = value;
			}
			else if (startsWith(TRANSFER_ENCODING, length)) {
				chunked = contains(CHUNKED, TRANSFER_ENCODING.length, length);
			}
			else if (startsWith(CONNECTION, length)) {
				closeAfter |= contains(CLOSE, CONNECTION.length, length);
			}
		}

		private boolean startsWith(byte[] lowerCase, int length) {
			if (length < lowerCase.length) {
				return false;
			}
			for (int k = 0; k < lowerCase.length; k++) {
				if ((line[k] | 0x20) != lowerCase[k]) {
					return false;
				}
			}
			return true;
		}

		private boolean contains(byte[] lowerCase, int from, int length) {
			outer: for (int k = from; k + lowerCase.length <= length; k++) {
				for (int j = 0; j < lowerCase.length; j++) {
					if ((line[k + j] | 0x20) != lowerCase[j]) {
						continue outer;
					}
				}
				return true;
			}
			return false;
		}

	}

	/** a probe (index -1), or a request to send again on a fresh connection (retried) */
	record Waiting(Phase phase, int index, long intended, long probeScore, boolean retried) {
	}

	/**
	 * HTTP/1.1 for the measured requests: a pool of keep-alive connections, opened as the load
	 * needs them, one request at a time on each (no pipelining, so a request's latency is its
	 * own). The scheduler thread writes a due request itself on an idle connection: no hand-off
	 * to, and no wake-up of, another thread. The one selector thread reads the answers, and gives
	 * a connection that frees up to the oldest waiting request. The few shared fields (the idle
	 * connections, what is waiting, the results) are under this object's lock, taken about once
	 * per request by each side.
	 */
	static final class Client implements Runnable {

		static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
		static final long TIMEOUT_SCAN_NS = TimeUnit.MILLISECONDS.toNanos(100);

		final InetSocketAddress address;
		final Requests requests;
		final Selector selector;
		final Conn[] slots;
		/** one read buffer for every connection: an answer's bytes are parsed as soon as they are read */
		final byte[] inBytes = new byte[64 * 1024];
		final ByteBuffer in = ByteBuffer.wrap(inBytes);
		final Consumer<SelectionKey> onReady = this::ready;
		/**
		 * Each thread encodes into its own buffer: the JDK moves a buffer's position after the
		 * write returns, by which time the answer may have come and the other thread be encoding
		 * the connection's next request.
		 */
		final ByteBuffer schedulerOut;
		final ByteBuffer selectorOut;
		final Thread thread;
		/** the scheduler ran out of idle connections: the selector thread opens more */
		volatile boolean wantConnections;
		/** when the selector last woke (one clock read per wake-up serves every answer it brings) */
		long wokeAt;

		// under this object's lock
		final Conn[] idle;
		int idleCount;
		int open;
		int connecting;
		Phase phase;
		/** probes, and requests to send again, oldest first */
		final ArrayDeque<Waiting> extra = new ArrayDeque<>();

		Client(URI api, Requests requests, int connections) throws IOException {
			this.address = new InetSocketAddress(api.getHost(), api.getPort() < 0 ? 80 : api.getPort());
			this.requests = requests;
			this.selector = Selector.open();
			this.slots = new Conn[connections];
			for (int k = 0; k < connections; k++) {
				slots[k] = new Conn();
			}
			this.schedulerOut = ByteBuffer.allocateDirect(requests.maxLength);
			this.selectorOut = ByteBuffer.allocateDirect(requests.maxLength);
			this.idle = new Conn[connections];
			this.thread = new Thread(this, "bench-io");
			thread.setDaemon(true);
			thread.start();
		}

		/** the phase whose requests are released from now on; the previous one's unsent requests are dropped */
		synchronized void begin(Phase next) {
			phase = next;
		}

		/** requests [.., upTo) of the phase are due (scheduler thread, which read the clock at now) */
		void release(Phase p, int upTo, long now) {
			synchronized (this) {
				p.released = upTo;
			}
			sendWaiting(now);
		}

		void probe(long score, long intended) {
			synchronized (this) {
				extra.addLast(new Waiting(null, -1, intended, score, false));
			}
			sendWaiting(System.nanoTime());
		}

		synchronized Phase.Results results(Phase p) {
			return new Phase.Results(p.latencies.clone(), p.sendDelays.clone(), p.statuses.clone(), p.completed,
					p.lastCompletion, p.connectionsOpened);
		}

		/** scheduler thread: what is waiting goes out on idle connections now, the rest waits for one */
		private void sendWaiting(long now) {
			boolean connect = false;
			while (true) {
				Conn c;
				synchronized (this) {
					if (!hasWaiting()) {
						break;
					}
					if (idleCount == 0) {
						connect = connectionsWanted() > 0 && !wantConnections;
						break;
					}
					c = idle[--idleCount];
					take(c, now);
				}
				send(c, now, schedulerOut);
			}
			if (connect) {
				wantConnections = true;
				selector.wakeup();
			}
		}

		@Override
		public void run() {
			long lastScan = System.nanoTime();
			while (true) {
				try {
					if (wantConnections) {
						wantConnections = false;
						openConnections(0);
					}
					wokeAt = 0;
					if (wantConnections) {
						selector.selectNow(onReady);
					}
					else {
						selector.select(onReady, 100);
					}
					long now = (wokeAt != 0) ? wokeAt : System.nanoTime();
					if (now - lastScan > TIMEOUT_SCAN_NS) {
						lastScan = now;
						for (Conn c : slots) {
							if (c.state == Conn.BUSY && now - c.sentAt > TIMEOUT_NS) {
								broken(c, c.ch, now, false);
							}
						}
					}
				}
				catch (IOException | RuntimeException ex) {
					event("client-error", Map.of("error", String.valueOf(ex)));
				}
			}
		}

		private void ready(SelectionKey key) {
			if (wokeAt == 0) {
				wokeAt = System.nanoTime();
			}
			long now = wokeAt;
			Conn c = (Conn) key.attachment();
			SocketChannel ch = (SocketChannel) key.channel();
			if (ch != c.ch) {
				return; // the slot was closed and opened again while this event waited
			}
			try {
				int ops = key.readyOps();
				if ((ops & SelectionKey.OP_CONNECT) != 0) {
					if (ch.finishConnect()) {
						key.interestOps(SelectionKey.OP_READ);
						connected(c, now);
					}
					return;
				}
				if ((ops & SelectionKey.OP_WRITE) != 0) {
					ch.write(c.unwritten);
					if (!c.unwritten.hasRemaining()) {
						key.interestOps(SelectionKey.OP_READ);
					}
				}
				if ((ops & SelectionKey.OP_READ) != 0) {
					read(c, ch, now);
				}
			}
			catch (IOException | CancelledKeyException ex) {
				broken(c, ch, now, true);
			}
		}

		private void read(Conn c, SocketChannel ch, long now) throws IOException {
			while (true) {
				int n = ch.read(in.clear());
				if (n < 0) {
					if (c.state == Conn.BUSY && c.parse == Conn.UNTIL_CLOSE) {
						complete(c, now); // closeAfter is set for an answer that ends with the connection
					}
					else {
						broken(c, ch, now, true);
					}
					return;
				}
				if (n == 0) {
					return;
				}
				if (c.state != Conn.BUSY) {
					broken(c, ch, now, false); // an answer nobody asked for: the connection is out of step
					return;
				}
				c.gotBytes = true;
				int end = c.feed(inBytes, 0, n);
				if (end >= 0) {
					if (end < n) {
						c.closeAfter = true; // bytes past the answer, with one request in flight: out of step
					}
					complete(c, now);
					return;
				}
				if (n < inBytes.length) {
					return;
				}
			}
		}

		private void complete(Conn c, long now) {
			boolean next = false;
			boolean close = c.closeAfter;
			synchronized (this) {
				record(c, c.status, now);
				c.served++;
				if (close) {
					c.state = Conn.CLOSED;
					open--;
				}
				else {
					next = free(c, now);
				}
			}
			if (close) {
				closeQuietly(c.ch);
				// the server ends a connection after so many requests (Tomcat: 100); open the
				// replacement now rather than on the request that would need it
				openConnections(1);
			}
			else if (next) {
				send(c, now, selectorOut);
			}
		}

		private void connected(Conn c, long now) {
			boolean next;
			synchronized (this) {
				connecting--;
				next = free(c, now);
			}
			if (next) {
				send(c, now, selectorOut);
			}
		}

		/** under the lock: c takes the oldest waiting request (true), or goes idle */
		private boolean free(Conn c, long now) {
			if (hasWaiting()) {
				take(c, now);
				return true;
			}
			c.state = Conn.IDLE;
			idle[idleCount++] = c;
			return false;
		}

		private boolean hasWaiting() {
			return !extra.isEmpty() || (phase != null && phase.nextToSend < phase.released);
		}

		private int connectionsWanted() {
			int waiting = extra.size() + (phase != null ? phase.released - phase.nextToSend : 0);
			return Math.min(waiting - connecting, slots.length - open);
		}

		/** under the lock: c takes the oldest waiting request */
		private void take(Conn c, long now) {
			Waiting w = extra.peekFirst();
			boolean regular = phase != null && phase.nextToSend < phase.released;
			if (w != null && (!regular || w.intended() <= phase.intended(phase.nextToSend))) {
				extra.pollFirst();
				c.phase = w.phase();
				c.index = w.index();
				c.intended = w.intended();
				c.probeScore = w.probeScore();
				c.retried = w.retried();
			}
			else {
				c.phase = phase;
				c.index = phase.nextToSend++;
				c.intended = phase.intended(c.index);
				c.retried = false;
			}
			if (c.index >= 0) {
				c.phase.sendDelays[c.index] = now - c.intended;
			}
			c.sentAt = now;
			c.expectAnswer();
			c.state = Conn.BUSY;
		}

		/** writes c's request through the calling thread's buffer; the thread that handed it to c, outside the lock */
		private void send(Conn c, long now, ByteBuffer out) {
			SocketChannel ch = c.ch;
			out.clear();
			requests.encode(out, c, ThreadLocalRandom.current());
			out.flip();
			try {
				// once all is written the answer may come and c move on: c is not touched after that
				ch.write(out);
				if (out.hasRemaining()) {
					// no answer before the whole request is there: c is still this thread's
					if (c.unwritten == null) {
						c.unwritten = ByteBuffer.allocate(out.capacity());
					}
					c.unwritten.clear();
					c.unwritten.put(out).flip();
					c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
					if (Thread.currentThread() != thread) {
						selector.wakeup();
					}
				}
			}
			catch (IOException | CancelledKeyException ex) {
				broken(c, ch, now, true);
			}
		}

		/** under the lock: the request on c is answered (status 0: it never will be) */
		private void record(Conn c, int status, long now) {
			if (c.index < 0) {
				return; // a probe: timed by its SSE frame, not here
			}
			Phase p = c.phase;
			p.latencies[c.index] = now - c.intended;
			p.statuses[status]++;
			p.lastCompletion = Math.max(p.lastCompletion, now);
			p.completed++;
		}

		/**
		 * The connection ch of slot c failed (or was out of step, or timed out): close it. Its request
		 * is sent again on another connection when the server closed a kept-alive connection just as
		 * the request went out (no byte of an answer came, and only once), else it fails (status 0).
		 */
		private void broken(Conn c, SocketChannel ch, long now, boolean mayRetry) {
			boolean more;
			synchronized (this) {
				if (c.state == Conn.CLOSED || c.ch != ch) {
					return; // the other thread got there first
				}
				switch (c.state) {
					case Conn.IDLE -> {
						for (int k = 0; k < idleCount; k++) {
							if (idle[k] == c) {
								idle[k] = idle[--idleCount];
								break;
							}
						}
					}
					case Conn.BUSY -> {
						if (mayRetry && c.served > 0 && !c.gotBytes && !c.retried) {
							extra.addFirst(new Waiting(c.phase, c.index, c.intended, c.probeScore, true));
						}
						else {
							record(c, 0, now);
						}
					}
					case Conn.CONNECTING -> {
						connecting--;
						// nothing can reach the server: one waiting request fails for each attempt,
						// as each would have on its own connection, so a dead server ends the phase
						if (hasWaiting()) {
							take(c, now);
							record(c, 0, now);
						}
					}
					default -> {
					}
				}
				c.state = Conn.CLOSED;
				open--;
				more = connectionsWanted() > 0;
			}
			closeQuietly(ch);
			if (more && !wantConnections) {
				wantConnections = true;
				if (Thread.currentThread() != thread) {
					selector.wakeup();
				}
			}
		}

		/** selector thread: opens the connections waiting requests want, and at least atLeast more */
		private void openConnections(int atLeast) {
			while (true) {
				Conn c = null;
				synchronized (this) {
					if (open < slots.length && (atLeast > 0 || connectionsWanted() > 0)) {
						for (Conn s : slots) {
							if (s.state == Conn.CLOSED) {
								c = s;
								break;
							}
						}
						c.state = Conn.CONNECTING;
						c.ch = null; // a late broken() for the old channel must not take the new one for it
						open++;
						connecting++;
						if (phase != null) {
							phase.connectionsOpened++;
						}
					}
				}
				if (c == null) {
					return;
				}
				atLeast--;
				SocketChannel ch = null;
				try {
					ch = SocketChannel.open();
					ch.configureBlocking(false);
					ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
					c.ch = ch;
					c.served = 0;
					boolean done = ch.connect(address);
					c.key = ch.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c);
					if (done) {
						connected(c, System.nanoTime());
					}
				}
				catch (IOException ex) {
					c.ch = ch;
					broken(c, ch, System.nanoTime(), false);
				}
			}
		}

		static void closeQuietly(SocketChannel ch) {
			try {
				if (ch != null) {
					ch.close();
				}
			}
			catch (IOException ignored) {
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
