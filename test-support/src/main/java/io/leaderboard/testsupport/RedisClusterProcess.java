package io.leaderboard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster of three primaries with a replica each: six {@code redis-server}
 * processes ({@code cluster-enabled yes}) from the machine's Redis, joined by
 * {@code redis-cli --cluster create}. A short node timeout (2 s) lets a replica take over
 * from a killed primary within seconds. Commands go through {@code redis-cli}.
 */
public final class RedisClusterProcess implements AutoCloseable {

	private static final int NODES = 6;

	/** Where test clusters look for free ports; 7000-7005 are the local stack's. */
	private static final int FIRST_PORT = 7100;

	private static final int LAST_PORT = 7199;

	private final Path directory;

	private final Map<Integer, Process> processes = new LinkedHashMap<>();

	private RedisClusterProcess(Path directory) {
		this.directory = directory;
	}

	/**
	 * Starts six nodes on free ports (7100-7199) with their files in {@code directory}
	 * (emptied first: a node that remembers an earlier cluster cannot join a new one),
	 * creates the cluster, and returns once every node says it is ok.
	 */
	public static RedisClusterProcess start(Path directory) {
		RedisClusterProcess cluster = new RedisClusterProcess(directory);
		try {
			if (Files.exists(directory)) {
				try (Stream<Path> files = Files.walk(directory)) {
					for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
						Files.delete(file);
					}
				}
			}
			Files.createDirectories(directory);
			for (int port : freePorts()) {
				cluster.startNode(port);
			}
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			cluster.ports().forEach((port) -> create.add("127.0.0.1:" + port));
			create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
			String created = run(create);
			if (!created.contains("[OK] All 16384 slots covered")) {
				throw new IllegalStateException("redis-cli --cluster create failed:\n" + created);
			}
			cluster.awaitHealthy();
			return cluster;
		}
		catch (IOException | RuntimeException ex) {
			cluster.close();
			throw (ex instanceof IOException io) ? new UncheckedIOException(io) : (RuntimeException) ex;
		}
	}

	private void startNode(int port) throws IOException {
		Path home = Files.createDirectories(this.directory.resolve(Integer.toString(port)));
		Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
				"--dir", home.toString(), "--save", "", "--appendonly", "no", "--logfile",
				home.resolve("redis.log").toString())
			.redirectErrorStream(true)
			.redirectOutput(home.resolve("stdout.log").toFile())
			.start();
		this.processes.put(port, process);
		await().atMost(Duration.ofSeconds(30)).until(() -> "PONG".equals(command(port, "PING").trim()));
	}

	/** The nodes' ports, primaries and replicas. */
	public List<Integer> ports() {
		return List.copyOf(this.processes.keySet());
	}

	/** {@code host:port,...} of every node, as {@code REDIS_CLUSTER_NODES} takes them. */
	public String nodes() {
		return ports().stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	/**
	 * Waits until every running node says the cluster is ok and sees each slot served by
	 * a primary that is not failing.
	 */
	public void awaitHealthy() {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			for (int port : runningPorts()) {
				if (!command(port, "CLUSTER", "INFO").contains("cluster_state:ok")) {
					return false;
				}
			}
			return true;
		});
	}

	/**
	 * The port of the primary that serves {@code key}'s slot now, as the nodes see it.
	 */
	public int primaryOf(String key) {
		int port = runningPorts().get(0);
		int slot = Integer.parseInt(command(port, "CLUSTER", "KEYSLOT", key).trim());
		for (String line : command(port, "CLUSTER", "NODES").split("\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < fields.length; i++) {
				String[] range = fields[i].split("-");
				if (range[0].startsWith("[")) {
					continue;
				}
				int from = Integer.parseInt(range[0]);
				int to = (range.length > 1) ? Integer.parseInt(range[1]) : from;
				if (slot >= from && slot <= to) {
					return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
				}
			}
		}
		throw new IllegalStateException("No primary serves slot " + slot);
	}

	/**
	 * Kills a node at once (SIGKILL), as a crash does: its unreplicated writes are lost.
	 */
	public void kill(int port) {
		Process process = this.processes.get(port);
		process.destroyForcibly();
		try {
			process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Starts a killed node again: it rejoins the cluster from its nodes.conf. */
	public void restart(int port) {
		try {
			startNode(port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs one command on one node and returns redis-cli's answer. */
	public String command(int port, String... arguments) {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
		command.addAll(List.of(arguments));
		return run(command);
	}

	private List<Integer> runningPorts() {
		return this.processes.entrySet()
			.stream()
			.filter((node) -> node.getValue().isAlive())
			.map(Map.Entry::getKey)
			.toList();
	}

	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(60, TimeUnit.SECONDS);
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Six ports of 7100-7199 free now, with their cluster bus ports (+10000). */
	private static List<Integer> freePorts() {
		List<Integer> ports = new ArrayList<>();
		for (int port = FIRST_PORT; port <= LAST_PORT && ports.size() < NODES; port++) {
			if (free(port) && free(port + 10000)) {
				ports.add(port);
			}
		}
		if (ports.size() < NODES) {
			throw new IllegalStateException("Not " + NODES + " free ports in " + FIRST_PORT + "-" + LAST_PORT);
		}
		return ports;
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		Processes.stop(this.processes.values());
	}

}
