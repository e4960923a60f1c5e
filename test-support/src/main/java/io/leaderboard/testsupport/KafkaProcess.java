package io.leaderboard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;

import static org.awaitility.Awaitility.await;

/**
 * A real KRaft Kafka node (broker and controller) as a process of its own, from the Kafka
 * jars on the test class path, formatted by Kafka's StorageTool and run by
 * {@code kafka.Kafka} as bin/local-stack runs it, with its data and log on disk: it can
 * be stopped (or killed) and started again with its data, as an outage does. Alone, or
 * one node of a {@link KafkaCluster}.
 */
public final class KafkaProcess implements AutoCloseable {

	private final Path directory;

	private final int port;

	private final Path config;

	private Process process;

	/**
	 * Formats a node that runs with these {@code server.properties}.
	 * @param directory where its configuration and log go (its data too, as the
	 * properties' {@code log.dirs} says)
	 * @param port the clients' port the properties name
	 * @param serverProperties the node's {@code server.properties}
	 */
	public KafkaProcess(Path directory, int port, String serverProperties) {
		this(directory, port, serverProperties, Uuid.randomUuid().toString());
	}

	/**
	 * Formats a node of the cluster {@code clusterId}: a standalone quorum of itself, or,
	 * when its properties name {@code controller.quorum.voters}, one of a static quorum
	 * whose every node is formatted with the same cluster id.
	 */
	KafkaProcess(Path directory, int port, String serverProperties, String clusterId) {
		this.directory = directory;
		this.port = port;
		this.config = directory.resolve("server.properties");
		try {
			Files.createDirectories(directory);
			Files.writeString(this.config, serverProperties);
			List<String> format = new ArrayList<>(List.of("format", "-t", clusterId, "-c", this.config.toString()));
			if (!serverProperties.contains("controller.quorum.voters=")) {
				format.add("--standalone");
			}
			Process formatting = run("kafka.tools.StorageTool", format.toArray(String[]::new));
			if (!formatting.waitFor(120, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
				throw new IllegalStateException("Kafka storage not formatted; see " + log());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A node for anyone, over PLAINTEXT, on free ports. */
	public static KafkaProcess plaintext(Path directory) {
		int port = TestInfrastructure.freePort();
		int controller = TestInfrastructure.freePort();
		return new KafkaProcess(directory, port,
				String.join("\n", "process.roles=broker,controller", "node.id=1",
						"controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
						"listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
						"advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
						"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
						"log.dirs=" + directory.resolve("data"), "num.partitions=6",
						"offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
						"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0", ""));
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/** Starts the node; returns once its port answers. */
	public void start() {
		launch();
		awaitAnswering();
	}

	/** Starts the process; a node of a quorum answers once enough of the others run. */
	void launch() {
		this.process = run("kafka.Kafka", this.config.toString());
	}

	void awaitAnswering() {
		await().atMost(Duration.ofSeconds(120)).until(this::answers);
	}

	/**
	 * Kills the node at once (SIGKILL), as a crash or a lost machine does: nothing is
	 * flushed, no leadership handed over.
	 */
	public void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/** A clean stop: the broker flushes its log and leaves, as in a rolling restart. */
	public void stop() {
		if (this.process != null) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/** The node's log, for a failure message. */
	public Path log() {
		return this.directory.resolve("kafka.log");
	}

	private boolean answers() {
		if (this.process != null && !this.process.isAlive()) {
			throw new IllegalStateException("Kafka exited; see " + log());
		}
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private Process run(String mainClass, String... arguments) {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(
				List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
		command.addAll(List.of(arguments));
		try {
			return new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

}
