package io.leaderboard.localinfra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The {@code server.properties} of one KRaft node (broker and controller) of the cluster
 * that {@code bin/local-stack} runs, and the client settings of its super user.
 * <p>
 * One node is a standalone quorum (formatted with {@code --standalone}) whose topics have
 * one replica. Three nodes ({@code --kafka-brokers 3}) are a static quorum of three
 * controllers ({@code controller.quorum.voters}: formatted with one cluster id and no
 * {@code --standalone}), whose topics default to three replicas with
 * {@code min.insync.replicas=2}: with {@code acks=all}, a write is on two brokers before
 * it is acknowledged, and one broker may be lost without losing an acknowledged record or
 * refusing a write.
 * <p>
 * With an admin password, clients must authenticate (SASL_PLAINTEXT): the services with
 * SCRAM-SHA-512 users that {@link KafkaAccess} makes, and the super user {@value #ADMIN}
 * with PLAIN, whose password is in this file rather than in the cluster metadata. So the
 * super user works on any data directory, one formatted before users existed too, and the
 * controller listener (which SCRAM cannot serve: its credentials live in the metadata the
 * controller serves) authenticates the broker as {@value #ADMIN} instead of admitting
 * anyone; brokers talk to each other as {@value #ADMIN} too. StandardAuthorizer refuses
 * what no ACL allows. Without a password: PLAINTEXT and no authorizer, as before.
 *
 * @param nodeId this node's id: its place in {@code nodes}, counted from 1
 * @param dataDirectory the log directory
 * @param nodes every node of the cluster in node id order, this one included
 * @param adminPassword the super user's password; {@code null}: no authentication
 */
public record KafkaBroker(int nodeId, Path dataDirectory, List<Node> nodes, String adminPassword) {

	/** The super user, which local-stack and the tests make users and ACLs as. */
	public static final String ADMIN = "admin";

	/** Replicas per partition, at most: three survive the loss of one broker. */
	private static final int MAX_REPLICAS = 3;

	private static final String SCRAM = "SCRAM-SHA-512";

	private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

	private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

	public KafkaBroker {
		nodes = List.copyOf(nodes);
		if (nodeId < 1 || nodeId > nodes.size()) {
			throw new IllegalArgumentException("Node " + nodeId + " is not one of the " + nodes.size() + " nodes");
		}
	}

	/** The single node of a one-broker stack. */
	public KafkaBroker(Path dataDirectory, int port, int controllerPort, String adminPassword) {
		this(1, dataDirectory, List.of(new Node(port, controllerPort)), adminPassword);
	}

	/**
	 * The nodes of a cluster on 127.0.0.1, as {@code bin/local-stack} writes them:
	 * {@code port:controllerPort} per node, comma-separated.
	 */
	public static List<Node> parseNodes(String ports) {
		return List.of(ports.split(",")).stream().map((node) -> {
			String[] pair = node.split(":");
			return new Node(Integer.parseInt(pair[0].strip()), Integer.parseInt(pair[1].strip()));
		}).toList();
	}

	public boolean secured() {
		return this.adminPassword != null;
	}

	/** The clients' port of this node. */
	public int port() {
		return self().port();
	}

	/** Every node's clients' address: a client still finds the cluster with one down. */
	public String bootstrapServers() {
		return this.nodes.stream().map((node) -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
	}

	/** Whether this is a one-node quorum, formatted with {@code --standalone}. */
	public boolean standalone() {
		return this.nodes.size() == 1;
	}

	/**
	 * Each partition's replicas (the topics' default), as many as there are nodes up to
	 * three.
	 */
	public int replicas() {
		return Math.min(MAX_REPLICAS, this.nodes.size());
	}

	/** The replicas that must have a write before it is acknowledged: all but one. */
	public int minInSyncReplicas() {
		return Math.max(1, replicas() - 1);
	}

	/** The text of {@code server.properties}. */
	public String serverProperties() {
		String protocol = secured() ? "SASL_PLAINTEXT" : "PLAINTEXT";
		// one node bootstraps a dynamic quorum of itself; a cluster names its voters
		String quorum = standalone() ? "controller.quorum.bootstrap.servers=127.0.0.1:" + self().controllerPort()
				: "controller.quorum.voters=" + IntStream.range(0, this.nodes.size())
					.mapToObj((index) -> (index + 1) + "@127.0.0.1:" + this.nodes.get(index).controllerPort())
					.collect(Collectors.joining(","));
		String node = """
				process.roles=broker,controller
				node.id=%5$d
				%6$s
				listeners=%3$s://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
				advertised.listeners=%3$s://127.0.0.1:%1$d
				controller.listener.names=CONTROLLER
				listener.security.protocol.map=CONTROLLER:%3$s,%3$s:%3$s
				log.dirs=%4$s
				num.partitions=6
				default.replication.factor=%7$d
				offsets.topic.replication.factor=%7$d
				transaction.state.log.replication.factor=%7$d
				transaction.state.log.min.isr=%8$d
				min.insync.replicas=%8$d
				group.initial.rebalance.delay.ms=0
				""".formatted(self().port(), self().controllerPort(), protocol, this.dataDirectory.toAbsolutePath(),
				this.nodeId, quorum, replicas(), minInSyncReplicas());
		if (!secured()) {
			return node;
		}
		String admin = "%s required username=\"%s\" password=\"%s\" user_%2$s=\"%3$s\";".formatted(PLAIN_LOGIN, ADMIN,
				this.adminPassword);
		return node + """
				inter.broker.listener.name=SASL_PLAINTEXT
				sasl.enabled.mechanisms=%1$s,PLAIN
				sasl.mechanism.inter.broker.protocol=PLAIN
				sasl.mechanism.controller.protocol=PLAIN
				listener.name.controller.sasl.enabled.mechanisms=PLAIN
				listener.name.controller.plain.sasl.jaas.config=%2$s
				listener.name.sasl_plaintext.plain.sasl.jaas.config=%2$s
				listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=%3$s required;
				authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
				super.users=%4$s
				allow.everyone.if.no.acl.found=false
				""".formatted(SCRAM, admin, SCRAM_LOGIN, KafkaAcls.principal(ADMIN));
	}

	/** Client settings of the super user. */
	public Map<String, Object> adminClient() {
		if (!secured()) {
			return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		}
		return client("PLAIN", PLAIN_LOGIN, ADMIN, this.adminPassword);
	}

	/**
	 * Client settings of a service's SCRAM user, as the services' configuration makes
	 * them.
	 */
	public Map<String, Object> serviceClient(String user, String password) {
		return client(SCRAM, SCRAM_LOGIN, user, password);
	}

	private Node self() {
		return this.nodes.get(this.nodeId - 1);
	}

	private Map<String, Object> client(String mechanism, String loginModule, String user, String password) {
		return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", SaslConfigs.SASL_MECHANISM, mechanism,
				SaslConfigs.SASL_JAAS_CONFIG,
				loginModule + " required username=\"" + user + "\" password=\"" + password + "\";");
	}

	/**
	 * A node's ports on 127.0.0.1.
	 *
	 * @param port the clients' port
	 * @param controllerPort the controller's port
	 */
	public record Node(int port, int controllerPort) {

	}

}
