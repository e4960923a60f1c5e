package io.leaderboard.localinfra;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The {@code server.properties} of the single KRaft node (broker and controller) that
 * {@code bin/local-stack} runs, and the client settings of its super user.
 * <p>
 * With an admin password, clients must authenticate (SASL_PLAINTEXT): the services with
 * SCRAM-SHA-512 users that {@link KafkaAccess} makes, and the super user {@value #ADMIN}
 * with PLAIN, whose password is in this file rather than in the cluster metadata. So the
 * super user works on any data directory, one formatted before users existed too, and the
 * controller listener (which SCRAM cannot serve: its credentials live in the metadata the
 * controller serves) authenticates the broker as {@value #ADMIN} instead of admitting
 * anyone. StandardAuthorizer refuses what no ACL allows. Without a password: PLAINTEXT
 * and no authorizer, as before.
 *
 * @param dataDirectory the log directory
 * @param port the clients' port
 * @param controllerPort the controller's port
 * @param adminPassword the super user's password; {@code null}: no authentication
 */
public record KafkaBroker(Path dataDirectory, int port, int controllerPort, String adminPassword) {

	/** The super user, which local-stack and the tests make users and ACLs as. */
	public static final String ADMIN = "admin";

	private static final String SCRAM = "SCRAM-SHA-512";

	private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

	private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

	public boolean secured() {
		return this.adminPassword != null;
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/** The text of {@code server.properties}. */
	public String serverProperties() {
		String protocol = secured() ? "SASL_PLAINTEXT" : "PLAINTEXT";
		String node = """
				process.roles=broker,controller
				node.id=1
				controller.quorum.bootstrap.servers=127.0.0.1:%2$d
				listeners=%3$s://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
				advertised.listeners=%3$s://127.0.0.1:%1$d
				controller.listener.names=CONTROLLER
				listener.security.protocol.map=CONTROLLER:%3$s,%3$s:%3$s
				log.dirs=%4$s
				num.partitions=6
				offsets.topic.replication.factor=1
				transaction.state.log.replication.factor=1
				transaction.state.log.min.isr=1
				min.insync.replicas=1
				group.initial.rebalance.delay.ms=0
				""".formatted(this.port, this.controllerPort, protocol, this.dataDirectory.toAbsolutePath());
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

	private Map<String, Object> client(String mechanism, String loginModule, String user, String password) {
		return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", SaslConfigs.SASL_MECHANISM, mechanism,
				SaslConfigs.SASL_JAAS_CONFIG,
				loginModule + " required username=\"" + user + "\" password=\"" + password + "\";");
	}

}
