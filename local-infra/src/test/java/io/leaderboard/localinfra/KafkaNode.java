package io.leaderboard.localinfra;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka node bin/local-stack runs, with the same {@code server.properties}
 * ({@link KafkaBroker}), formatted and started the same way (Kafka's StorageTool, then
 * {@code kafka.Kafka}) in a process of its own on free ports, from this test's class
 * path.
 */
final class KafkaNode implements AutoCloseable {

	private final KafkaBroker broker;

	private final Process process;

	private KafkaNode(KafkaBroker broker, Process process) {
		this.broker = broker;
		this.process = process;
	}

	/** Starts a node with authentication on; returns once its super user is served. */
	static KafkaNode start(Path directory, String adminPassword) throws Exception {
		KafkaBroker broker = new KafkaBroker(directory.resolve("data"), freePort(), freePort(), adminPassword);
		Path config = directory.resolve("server.properties");
		Files.writeString(config, broker.serverProperties());
		Process format = java(directory.resolve("format.log"), "kafka.tools.StorageTool", "format", "-t",
				Uuid.randomUuid().toString(), "-c", config.toString(), "--standalone");
		assertThat(format.waitFor(2, TimeUnit.MINUTES) && format.exitValue() == 0)
			.as("Kafka storage formatted; see %s", directory.resolve("format.log"))
			.isTrue();
		KafkaNode node = new KafkaNode(broker, java(directory.resolve("kafka.log"), "kafka.Kafka", config.toString()));
		try (Admin admin = Admin.create(broker.adminClient())) {
			await().atMost(Duration.ofMinutes(2)).ignoreExceptions().untilAsserted(() -> {
				assertThat(node.process.isAlive()).as("Kafka running; see %s", directory.resolve("kafka.log")).isTrue();
				assertThat(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS)).hasSize(1);
			});
		}
		return node;
	}

	KafkaBroker broker() {
		return this.broker;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	private static Process java(Path log, String mainClass, String... arguments) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(
				List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
		command.addAll(List.of(arguments));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
