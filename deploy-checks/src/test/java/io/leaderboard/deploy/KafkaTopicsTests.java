package io.leaderboard.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compose's kafka-init and the Strimzi KafkaTopics create the topics of Topics.java, as
 * declared there; the Kafka ACLs (deploy/kafka/acls.txt) give each exactly one writer.
 */
class KafkaTopicsTests {

	/** kafka-init's `create NAME PARTITIONS RETENTION_MS [CONFIG]` lines. */
	private static final Pattern CREATE = Pattern.compile("(?m)^\\s*create (\\S+) (\\d+) (\\d+)(?: (\\S+))?\\s*$");

	private static final String COMPACTED = "leaderboard-notifications";

	/** A topic rule of deploy/kafka/acls.txt: {@code topic:NAME=OPERATION,...}. */
	private static final Pattern TOPIC_RULE = Pattern.compile("topic:([^=*]+)=(\\S+)");

	@Test
	void composeCreatesEveryTopicOfTopicsJava() {
		Object kafkaInit = Tree.at(Repository.yaml("docker-compose.yml"), "services", "kafka-init");
		Matcher create = CREATE
			.matcher(String.join("\n", Tree.list(kafkaInit, "command").stream().map(String::valueOf).toList()));
		Map<String, DeclaredTopic> created = new TreeMap<>();
		Map<String, String> configs = new TreeMap<>();
		while (create.find()) {
			created.put(create.group(1), new DeclaredTopic(create.group(1), Integer.parseInt(create.group(2)),
					Long.parseLong(create.group(3))));
			configs.put(create.group(1), String.valueOf(create.group(4)));
		}
		assertThat(created).isEqualTo(expected());
		assertThat(configs).containsEntry(COMPACTED, "cleanup.policy=compact,delete");
	}

	@ParameterizedTest
	@ValueSource(strings = { "deploy/k8s/base", "deploy/k8s/overlays/local", "deploy/k8s/overlays/prod" })
	void kubernetesDeclaresEveryTopicOfTopicsJava(String kustomization) {
		Map<String, DeclaredTopic> declared = new TreeMap<>();
		Map<String, Object> config = Kustomize.ofKind(kustomization, "ConfigMap").get(0);
		String replication = Tree.string(config, "data", "KAFKA_REPLICATION_FACTOR");
		for (Map<String, Object> topic : Kustomize.ofKind(kustomization, "KafkaTopic")) {
			String name = (Tree.string(topic, "spec", "topicName") != null) ? Tree.string(topic, "spec", "topicName")
					: Tree.string(topic, "metadata", "name");
			declared.put(name, new DeclaredTopic(name, (Integer) Tree.at(topic, "spec", "partitions"),
					Long.parseLong(Tree.string(topic, "spec", "config", "retention.ms"))));
			int replicas = (Integer) Tree.at(topic, "spec", "replicas");
			assertThat(String.valueOf(replicas)).as("%s's replicas, as the services are told", name)
				.isEqualTo(replication);
			Object minInSync = Tree.at(topic, "spec", "config", "min.insync.replicas");
			if (minInSync != null) {
				assertThat((Integer) minInSync).as("%s's min.insync.replicas", name).isLessThan(replicas);
			}
		}
		assertThat(declared).isEqualTo(expected());
		Map<String, Object> notifications = Kustomize.named(kustomization, "KafkaTopic", COMPACTED);
		assertThat(Tree.string(notifications, "spec", "config", "cleanup.policy")).isEqualTo("compact,delete");
	}

	@Test
	void theAclsGiveEveryTopicOfTopicsJavaExactlyOneWriterAndNameNoOther() {
		Map<String, List<String>> writers = new TreeMap<>();
		for (String line : Repository.read("deploy/kafka/acls.txt").split("\n")) {
			String[] words = line.strip().split("\\s+");
			if (words[0].isEmpty() || words[0].startsWith("#")) {
				continue;
			}
			for (int i = 1; i < words.length; i++) {
				Matcher rule = TOPIC_RULE.matcher(words[i]);
				if (rule.matches()) {
					List<String> topicWriters = writers.computeIfAbsent(rule.group(1), (topic) -> new ArrayList<>());
					if (List.of(rule.group(2).split(",")).contains("write")) {
						topicWriters.add(words[0]);
					}
				}
			}
		}
		assertThat(writers.keySet()).as("topics in deploy/kafka/acls.txt").isEqualTo(expected().keySet());
		writers.forEach((topic, services) -> assertThat(services).as("the writers of %s", topic).hasSize(1));
		assertThat(writers).containsEntry("score-events", List.of("outbox-publisher"));
	}

	private static Map<String, DeclaredTopic> expected() {
		Map<String, DeclaredTopic> expected = new TreeMap<>();
		List<DeclaredTopic> topics = DeclaredTopic.all();
		topics.forEach((topic) -> expected.put(topic.name(), topic));
		assertThat(expected).containsKey(COMPACTED);
		return expected;
	}

}
