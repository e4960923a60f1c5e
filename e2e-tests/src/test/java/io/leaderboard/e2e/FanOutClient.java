package io.leaderboard.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fan-out benchmark's spectators, in a process of their own so that their CPU is
 * measured apart from the broadcaster's (and from the test JVM's Kafka producer): N SSE
 * or WebSocket connections on one selector thread, JDK only, one shared direct read
 * buffer, and a scanner per connection that allocates nothing per frame.
 *
 * <p>
 * Every update frame is timed by the first {@code "score":} it carries: the benchmark
 * makes that the send time (epoch ms) of the notification or of the POST behind it. A
 * connection is open once it has its first snapshot. The benchmark drives it over stdin
 * ({@code phase <name>}, {@code report}); it prints {@code open <n>} once all are open
 * and writes its figures as {@code key=value} lines to the output file.
 *
 * <pre>
 * java -cp e2e-tests/target/test-classes io.leaderboard.e2e.FanOutClient \
 *   127.0.0.1 8081 bench 18000 sse full target/fanout-client.txt
 * </pre>
 */
public final class FanOutClient {

	private static final byte[] TYPE = "\"type\":\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SCORE = "\"score\":".getBytes(StandardCharsets.US_ASCII);

	/** The kind of a frame whose score is not a send time. */
	private static final byte UNTIMED = 'x';

	private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	/**
	 * Connections connecting but not yet open, so the broadcaster's accept backlog holds.
	 */
	private static final int IN_FLIGHT = 256;

	private final InetSocketAddress address;

	private final String board;

	private final boolean websocket;

	private final String frames;

	private final int connections;

	private final Selector selector;

	private final ByteBuffer read = ByteBuffer.allocateDirect(64 * 1024);

	private final byte[] scratch = new byte[64 * 1024];

	private final Map<String, Phase> phases = new LinkedHashMap<>();

	private volatile Phase phase;

	private volatile boolean reportAsked;

	private int started;

	private int open;

	private int failed;

	private long openedAt;

	private FanOutClient(InetSocketAddress address, String board, int connections, boolean websocket, String frames)
			throws IOException {
		this.address = address;
		this.board = board;
		this.connections = connections;
		this.websocket = websocket;
		this.frames = frames;
		this.selector = Selector.open();
	}

	public static void main(String[] args) throws Exception {
		FanOutClient client = new FanOutClient(new InetSocketAddress(args[0], Integer.parseInt(args[1])), args[2],
				Integer.parseInt(args[3]), args[4].equals("ws"), args[5]);
		Path out = Path.of(args[6]);
		client.listen(System.in);
		client.run();
		Files.writeString(out, client.report());
		System.out.println("done");
		System.out.flush();
		System.exit(0);
	}

	/** Commands from the benchmark, on a thread of their own that only waits. */
	private void listen(java.io.InputStream commands) {
		Thread listener = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8))) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					if (line.startsWith("phase ")) {
						String name = line.substring(6).trim();
						Phase next = new Phase(name, this.connections * 64);
						synchronized (this.phases) {
							this.phases.put(name, next);
						}
						this.phase = next;
					}
					else if (line.equals("report")) {
						break;
					}
				}
			}
			catch (IOException ex) {
				// the benchmark went away: report what there is
			}
			this.reportAsked = true;
			this.selector.wakeup();
		}, "commands");
		listener.setDaemon(true);
		listener.start();
	}

	private void run() throws IOException {
		long connectStart = System.nanoTime();
		PrintStream stdout = System.out;
		long lastProgress = 0;
		long lastOpened = System.nanoTime();
		int openBefore = 0;
		while (!this.reportAsked) {
			while (this.started < this.connections && this.started - this.open - this.failed < IN_FLIGHT) {
				connect();
			}
			this.selector.select(250);
			Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
			while (keys.hasNext()) {
				SelectionKey key = keys.next();
				keys.remove();
				if (key.isValid()) {
					handle(key);
				}
			}
			Phase current = this.phase;
			long now = System.nanoTime();
			if (current != null && now - lastProgress > 500_000_000L) {
				lastProgress = now;
				stdout.println("progress " + current.count);
				stdout.flush();
			}
			if (this.open != openBefore) {
				openBefore = this.open;
				lastOpened = now;
			}
			// a few that never answer do not hold the run: it reports how many opened
			boolean stalled = this.started == this.connections && now - lastOpened > 15_000_000_000L;
			if (this.openedAt == 0 && (this.open + this.failed >= this.connections || stalled)) {
				this.openedAt = lastOpened - connectStart;
				stdout.println("open " + this.open + " failed " + this.failed);
				stdout.flush();
			}
		}
	}

	private void connect() throws IOException {
		SocketChannel channel = SocketChannel.open();
		channel.configureBlocking(false);
		channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		// the kernel's default receive buffer per socket, times 18,000, is the client's
		// largest cost; a frame is 1.5 KB
		channel.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
		channel.connect(this.address);
		Connection connection = new Connection(channel);
		// an SSE stream starts at once; a WebSocket subscribes after its handshake
		connection.stage = this.websocket ? Connection.HANDSHAKE : Connection.SUBSCRIBED;
		channel.register(this.selector, SelectionKey.OP_CONNECT, connection);
		this.started++;
	}

	private void handle(SelectionKey key) {
		Connection connection = (Connection) key.attachment();
		try {
			if (key.isConnectable()) {
				connection.channel.finishConnect();
				connection.channel.write(ByteBuffer.wrap(request()));
				key.interestOps(SelectionKey.OP_READ);
				return;
			}
			if (key.isReadable()) {
				this.read.clear();
				int count = connection.channel.read(this.read);
				if (count < 0) {
					close(key, connection);
					return;
				}
				this.read.flip();
				this.read.get(this.scratch, 0, count);
				scan(connection, this.scratch, count);
			}
		}
		catch (IOException ex) {
			close(key, connection);
		}
	}

	private void close(SelectionKey key, Connection connection) {
		key.cancel();
		try {
			connection.channel.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		if (connection.stage < Connection.OPEN) {
			this.failed++;
		}
		else {
			this.open--;
			this.failed++;
		}
	}

	private byte[] request() {
		if (!this.websocket) {
			return ("GET /leaderboards/" + this.board + "/events" + (this.frames.equals("delta") ? "?frames=delta" : "")
					+ " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
		}
		return ("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	/** A masked text frame (mask 0: the server unmasks, XOR with 0 changes nothing). */
	private byte[] subscribe() {
		byte[] payload = ("{\"action\":\"subscribe\",\"board\":\"" + this.board + "\",\"frames\":\"" + this.frames
				+ "\"}")
			.getBytes(StandardCharsets.UTF_8);
		byte[] frame = new byte[6 + payload.length];
		frame[0] = (byte) 0x81;
		frame[1] = (byte) (0x80 | payload.length);
		System.arraycopy(payload, 0, frame, 6, payload.length);
		return frame;
	}

	/** Finds each frame's type and its first score, whatever the read boundaries. */
	private void scan(Connection connection, byte[] bytes, int count) throws IOException {
		Phase current = this.phase;
		if (current != null && connection.stage == Connection.OPEN) {
			current.bytes += count;
		}
		for (int i = 0; i < count; i++) {
			byte b = bytes[i];
			if (connection.stage == Connection.HANDSHAKE) {
				connection.head = match(HEAD_END, connection.head, b);
				if (connection.head == HEAD_END.length) {
					connection.stage = Connection.SUBSCRIBED;
					connection.channel.write(ByteBuffer.wrap(subscribe()));
				}
				continue;
			}
			if (connection.digits) {
				if (b >= '0' && b <= '9') {
					connection.number = connection.number * 10 + (b - '0');
					continue;
				}
				connection.digits = false;
				timed(connection, current);
			}
			// a frame starts with its type, whatever the frame before it carried
			if (connection.typeAt == TYPE.length) {
				connection.kind = b;
				connection.typeAt = 0;
				connection.scoreAt = 0;
				if (connection.stage != Connection.OPEN && b == 's') {
					// the first snapshot (its top may be empty): open, nothing to time
					connection.stage = Connection.OPEN;
					connection.kind = UNTIMED;
					this.open++;
				}
				continue;
			}
			connection.typeAt = match(TYPE, connection.typeAt, b);
			if (connection.kind == 0) {
				continue;
			}
			connection.scoreAt = match(SCORE, connection.scoreAt, b);
			if (connection.scoreAt == SCORE.length) {
				connection.scoreAt = 0;
				connection.digits = true;
				connection.number = 0;
			}
		}
	}

	/** A frame's first score, read to its end. */
	private void timed(Connection connection, Phase current) {
		byte kind = connection.kind;
		connection.kind = 0;
		if (current == null || (kind != 'u' && kind != 'd' && kind != 's')) {
			return;
		}
		current.record(System.currentTimeMillis() - connection.number, kind);
	}

	private static int match(byte[] pattern, int at, byte b) {
		if (pattern[at] == b) {
			return at + 1;
		}
		return (pattern[0] == b) ? 1 : 0;
	}

	private String report() {
		StringBuilder report = new StringBuilder();
		report.append("connections=").append(this.connections).append('\n');
		report.append("open=").append(this.open).append('\n');
		report.append("failed=").append(this.failed).append('\n');
		report.append("openSeconds=").append(this.openedAt / 1_000_000_000.0).append('\n');
		synchronized (this.phases) {
			this.phases.values().forEach((phase) -> phase.report(report));
		}
		return report.toString();
	}

	/** One connection's place in its stream: a few fields, updated in place. */
	private static final class Connection {

		static final int HANDSHAKE = 0;

		static final int SUBSCRIBED = 1;

		static final int OPEN = 2;

		final SocketChannel channel;

		int stage;

		int head;

		int typeAt;

		int scoreAt;

		byte kind;

		boolean digits;

		long number;

		Connection(SocketChannel channel) {
			this.channel = channel;
		}

	}

	/** What arrived while the benchmark was in one phase. */
	private final class Phase {

		final String name;

		final long[] latencies;

		int count;

		int gaps;

		long bytes;

		Phase(String name, int capacity) {
			this.name = name;
			this.latencies = new long[capacity];
		}

		void record(long latency, byte kind) {
			if (this.count < this.latencies.length) {
				this.latencies[this.count] = latency;
			}
			this.count++;
			if (kind == 's') {
				this.gaps++;
			}
		}

		void report(StringBuilder report) {
			long[] sorted = Arrays.copyOf(this.latencies, Math.min(this.count, this.latencies.length));
			Arrays.sort(sorted);
			String prefix = this.name + ".";
			report.append(prefix).append("frames=").append(this.count).append('\n');
			report.append(prefix).append("gaps=").append(this.gaps).append('\n');
			report.append(prefix).append("bytes=").append(this.bytes).append('\n');
			report.append(prefix).append("p50=").append(percentile(sorted, 50)).append('\n');
			report.append(prefix).append("p99=").append(percentile(sorted, 99)).append('\n');
			report.append(prefix)
				.append("max=")
				.append((sorted.length > 0) ? sorted[sorted.length - 1] : -1)
				.append('\n');
		}

		private static long percentile(long[] sorted, int percent) {
			return (sorted.length == 0) ? -1
					: sorted[Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
		}

	}

}
