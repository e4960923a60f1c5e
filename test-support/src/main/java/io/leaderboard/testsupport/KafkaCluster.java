package io.leaderboard.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

import static org.awaitility.Awaitility.await;

/**
 * A KRaft cluster of {@link KafkaProcess} nodes that are brokers and controllers at once
 * (a static quorum), as {@code bin/local-stack up --kafka-brokers 3} runs it: one node
 * can be killed and brought back while the others go on.
 */
public final class KafkaCluster implements AutoCloseable {

	private final List<KafkaProcess> nodes = new ArrayList<>();

	private final List<Integer> ports = new ArrayList<>();

	/**
	 * Formats the nodes (one cluster id for all).
	 * @param directory where each node's configuration, data and log go
	 * ({@code node-<id>}, as the properties' {@code log.dirs} say)
	 * @param members each node's clients' port and {@code server.properties}, in node id
	 * order from 1
	 */
	public KafkaCluster(Path directory, List<Member> members) {
		String clusterId = Uuid.randomUuid().toString();
		for (int index = 0; index < members.size(); index++) {
			Member member = members.get(index);
			this.nodes.add(new KafkaProcess(nodeDirectory(directory, index + 1), member.port(),
					member.serverProperties(), clusterId));
			this.ports.add(member.port());
		}
	}

	/** Where node {@code nodeId} keeps its configuration, log and data. */
	public static Path nodeDirectory(Path directory, int nodeId) {
		return directory.resolve("node-" + nodeId);
	}

	/**
	 * Starts every node; returns once each answers and all of them are in the cluster.
	 */
	public void start() {
		this.nodes.forEach(KafkaProcess::launch);
		this.nodes.forEach(KafkaProcess::awaitAnswering);
		try (Admin admin = admin()) {
			await().atMost(Duration.ofSeconds(120))
				.ignoreExceptions()
				.until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == this.nodes.size());
		}
	}

	public String bootstrapServers() {
		return this.ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	/** The id of the node that leads this partition now. */
	public int leaderOf(String topic, int partition) {
		try (Admin admin = admin()) {
			TopicDescription description = admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(topic);
			return description.partitions().get(partition).leader().id();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not find the leader of " + topic + "-" + partition, ex);
		}
	}

	/** Kills node {@code nodeId} (SIGKILL): no flush, no leadership handed over. */
	public void kill(int nodeId) {
		this.nodes.get(nodeId - 1).kill();
	}

	/** Starts node {@code nodeId} again with its data. */
	public void start(int nodeId) {
		this.nodes.get(nodeId - 1).start();
	}

	/** Waits until every replica of every partition of {@code topic} is in sync again. */
	public void awaitInSync(String topic) {
		try (Admin admin = admin()) {
			await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
				TopicDescription description = admin.describeTopics(List.of(topic))
					.allTopicNames()
					.get(5, TimeUnit.SECONDS)
					.get(topic);
				return description.partitions()
					.stream()
					.allMatch((TopicPartitionInfo partition) -> partition.isr().size() == partition.replicas().size());
			});
		}
	}

	/** A node's log, for a failure message. */
	public Path log(int nodeId) {
		return this.nodes.get(nodeId - 1).log();
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
	}

	@Override
	public void close() {
		this.nodes.forEach(KafkaProcess::stop);
	}

	/**
	 * One node of the cluster.
	 *
	 * @param port its clients' port
	 * @param serverProperties its {@code server.properties}
	 */
	public record Member(int port, String serverProperties) {

	}

}
