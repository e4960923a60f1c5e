package io.leaderboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.leaderboard.testsupport.TestInfrastructure;
import org.apache.kafka.common.Uuid;

import static org.awaitility.Awaitility.await;

/**
 * A real KRaft Kafka broker as a process of its own, from the Kafka jars on the test
 * classpath, with its log on disk: it can be stopped and started again with its data, as
 * an outage does.
 */
final class KafkaProcess implements AutoCloseable {

	private final Path directory;

	private final int port;

	private final Path config;

	private Process process;

	KafkaProcess(Path directory) {
		this.directory = directory;
		this.port = TestInfrastructure.freePort();
		int controller = TestInfrastructure.freePort();
		this.config = directory.resolve("server.properties");
		try {
			Files.createDirectories(directory);
			Files.writeString(this.config, String.join("\n", "process.roles=broker,controller", "node.id=1",
					"controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
					"listeners=PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + controller,
					"advertised.listeners=PLAINTEXT://127.0.0.1:" + this.port, "controller.listener.names=CONTROLLER",
					"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
					"log.dirs=" + directory.resolve("data"), "num.partitions=6", "offsets.topic.replication.factor=1",
					"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
					"group.initial.rebalance.delay.ms=0", ""));
			run("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", this.config.toString(),
					"--standalone")
				.waitFor(120, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	void start() {
		this.process = run("kafka.Kafka", this.config.toString());
		await().atMost(Duration.ofSeconds(120)).until(this::answers);
	}

	/** A clean stop: the broker flushes its log and leaves, as in a rolling restart. */
	void stop() {
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

	private boolean answers() {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private Process run(String mainClass, String... arguments) {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new java.util.ArrayList<>(
				List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
		command.addAll(List.of(arguments));
		try {
			return new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("kafka.log").toFile()))
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
