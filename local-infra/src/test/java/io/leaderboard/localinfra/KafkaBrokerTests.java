package io.leaderboard.localinfra;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code server.properties} bin/local-stack writes for one node and for each node of
 * {@code --kafka-brokers 3}.
 */
class KafkaBrokerTests {

	private static final Path DATA = Path.of("/tmp/kafka-data");

	@Test
	void oneNodeIsAStandaloneQuorumWithOneReplicaPerPartition() throws IOException {
		KafkaBroker broker = new KafkaBroker(DATA, 9092, 9093, null);

		Properties properties = properties(broker);

		assertThat(broker.standalone()).isTrue();
		assertThat(properties).containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:9093")
			.doesNotContainKey("controller.quorum.voters")
			.containsEntry("default.replication.factor", "1")
			.containsEntry("min.insync.replicas", "1");
		assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:9092");
	}

	@Test
	void threeNodesAreAStaticQuorumWhoseTopicsHaveThreeReplicasAndNeedTwoInSync() throws IOException {
		KafkaBroker second = new KafkaBroker(2, DATA, KafkaBroker.parseNodes("9092:9093,9094:9095,9096:9097"), null);

		Properties properties = properties(second);

		assertThat(second.standalone()).isFalse();
		assertThat(properties).containsEntry("node.id", "2")
			.containsEntry("controller.quorum.voters", "1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097")
			.doesNotContainKey("controller.quorum.bootstrap.servers")
			.containsEntry("listeners", "PLAINTEXT://127.0.0.1:9094,CONTROLLER://127.0.0.1:9095")
			.containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9094")
			.containsEntry("default.replication.factor", "3")
			.containsEntry("offsets.topic.replication.factor", "3")
			.containsEntry("transaction.state.log.replication.factor", "3")
			.containsEntry("transaction.state.log.min.isr", "2")
			.containsEntry("min.insync.replicas", "2");
		assertThat(second.bootstrapServers()).isEqualTo("127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096");
	}

	@Test
	void securedNodesOfAClusterTalkToEachOtherAsTheSuperUser() throws IOException {
		KafkaBroker third = new KafkaBroker(3, DATA, KafkaBroker.parseNodes("9092:9093,9094:9095,9096:9097"), "secret");

		Properties properties = properties(third);

		assertThat(properties).containsEntry("listeners", "SASL_PLAINTEXT://127.0.0.1:9096,CONTROLLER://127.0.0.1:9097")
			.containsEntry("inter.broker.listener.name", "SASL_PLAINTEXT")
			.containsEntry("sasl.mechanism.inter.broker.protocol", "PLAIN")
			.containsEntry("super.users", "User:admin");
	}

	private static Properties properties(KafkaBroker broker) throws IOException {
		Properties properties = new Properties();
		properties.load(new StringReader(broker.serverProperties()));
		return properties;
	}

}
