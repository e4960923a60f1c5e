package io.leaderboard.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale overlay, what a cluster of docs/capacity.md's size needs beyond prod: the
 * projector scaled by KEDA on its consumer lag, every pod spread over the zones,
 * disruption budgets that keep two thirds, Redis Cluster and Kafka addressed through a
 * Secret, and the plan's counts. (KubernetesManifestsTests checks it like every other
 * kustomization too.)
 */
class ScaleOverlayTests {

	private static final String SCALE = "deploy/k8s/overlays/scale";

	private static final String ZONE = "topology.kubernetes.io/zone";

	private static final Pattern PLAN_ROW = Pattern.compile("^\\| (.+?) \\| (\\d+)(?: at peak)? \\|$",
			Pattern.MULTILINE);

	@Test
	void theProjectorScalesOnItsConsumerLagWithKeda() {
		Map<String, Object> scaler = Kustomize.named(SCALE, "ScaledObject", "projection-worker");
		Map<String, Object> projector = Kustomize.named(SCALE, "Deployment", "projection-worker");
		assertThat(Tree.string(scaler, "apiVersion")).isEqualTo("keda.sh/v1alpha1");
		assertThat(Tree.map(scaler, "spec", "scaleTargetRef")).containsEntry("kind", "Deployment")
			.containsEntry("name", "projection-worker");
		assertThat(Tree.at(projector, "spec", "replicas")).as("replicas, which the ScaledObject owns").isNull();
		int least = (Integer) Tree.at(scaler, "spec", "minReplicaCount");
		int most = (Integer) Tree.at(scaler, "spec", "maxReplicaCount");
		assertThat(least).as("one projector per zone at least").isGreaterThanOrEqualTo(3);
		assertThat(most).as("no more projectors than score-events partitions")
			.isLessThanOrEqualTo(
					(Integer) Tree.at(Kustomize.named(SCALE, "KafkaTopic", "score-events"), "spec", "partitions"));
		List<Object> triggers = Tree.list(scaler, "spec", "triggers");
		assertThat(triggers).hasSize(1);
		Map<String, Object> trigger = Tree.map(triggers.get(0));
		assertThat(Tree.string(trigger, "type")).isEqualTo("kafka");
		Map<String, Object> metadata = Tree.map(trigger, "metadata");
		Object projectorConfig = Repository.yaml("projection-worker/src/main/resources/application.yml");
		assertThat(metadata)
			.containsEntry("consumerGroup", Tree.string(projectorConfig, "spring", "kafka", "consumer", "group-id"))
			.containsEntry("topic", "score-events")
			.containsEntry("sasl", "scram_sha512");
		assertThat(Integer.parseInt(Tree.string(metadata, "lagThreshold"))).isPositive();
		assertThat(environmentOf(projector)).containsKey(Tree.string(metadata, "bootstrapServersFromEnv"));
		Map<String, Object> authentication = Kustomize.named(SCALE, "TriggerAuthentication",
				Tree.string(trigger, "authenticationRef", "name"));
		Map<String, String> secretKeys = new HashMap<>();
		for (Object reference : Tree.list(authentication, "spec", "secretTargetRef")) {
			assertThat(Tree.string(reference, "name")).isEqualTo("projection-worker-credentials");
			secretKeys.put(Tree.string(reference, "parameter"), Tree.string(reference, "key"));
		}
		assertThat(secretKeys).isEqualTo(Map.of("username", "KAFKA_USERNAME", "password", "KAFKA_PASSWORD"));
	}

	@Test
	void everyServiceSpreadsEvenlyOverTheZones() {
		for (Map<String, Object> deployment : Kustomize.ofKind(SCALE, "Deployment")) {
			String name = Tree.string(deployment, "metadata", "name");
			Map<String, Object> podLabels = Tree.map(deployment, "spec", "template", "metadata", "labels");
			List<Object> constraints = Tree.list(deployment, "spec", "template", "spec", "topologySpreadConstraints");
			assertThat(constraints).as(name)
				.anySatisfy((constraint) -> assertThat(Tree.map(constraint)).containsEntry("topologyKey", ZONE)
					.containsEntry("maxSkew", 1)
					.containsEntry("whenUnsatisfiable", "DoNotSchedule"));
			for (Object constraint : constraints) {
				assertThat(podLabels.entrySet()).as("%s's pods are the ones its constraint counts", name)
					.containsAll(Tree.map(constraint, "labelSelector", "matchLabels").entrySet());
			}
		}
	}

	@Test
	void disruptionBudgetsKeepTwoThirdsAndStillLetANodeDrain() {
		for (Map<String, Object> budget : Kustomize.ofKind(SCALE, "PodDisruptionBudget")) {
			String name = Tree.string(budget, "metadata", "name");
			int fewest = fewestReplicas(name);
			int disruptible = (Tree.at(budget, "spec", "minAvailable") != null)
					? fewest - (int) Math.ceil(fewest * percent(Tree.string(budget, "spec", "minAvailable")))
					: (Integer) Tree.at(budget, "spec", "maxUnavailable");
			assertThat(disruptible).as("pods of %s a drain may take at once, of %d", name, fewest)
				.isPositive()
				.isLessThanOrEqualTo(fewest / 3);
		}
	}

	@Test
	void redisClusterAndKafkaAreExternalServicesAddressedByASecret() {
		Map<String, Object> config = Kustomize.ofKind(SCALE, "ConfigMap").get(0);
		assertThat(Tree.map(config, "data")).doesNotContainKeys("REDIS_HOST", "REDIS_PORT", "KAFKA_BOOTSTRAP_SERVERS");
		for (Map<String, Object> deployment : Kustomize.ofKind(SCALE, "Deployment")) {
			String name = Tree.string(deployment, "metadata", "name");
			ServiceConfig service = ServiceConfig.of(name);
			Map<String, Object> environment = environmentOf(deployment);
			if (service.reads("KAFKA_BOOTSTRAP_SERVERS")) {
				assertThat(Tree.string(environment.get("KAFKA_BOOTSTRAP_SERVERS"), "valueFrom", "secretKeyRef", "name"))
					.as(name)
					.isEqualTo("leaderboard-endpoints");
			}
			if (service.reads("REDIS_HOST")) {
				assertThat(Tree.string(environment.get(ServiceConfig.REDIS_CLUSTER_NODES), "valueFrom", "secretKeyRef",
						"name"))
					.as(name)
					.isEqualTo("leaderboard-endpoints");
			}
		}
		assertThat(Repository.read("deploy/README.md")).contains("leaderboard-endpoints", "kafka-bootstrap-servers",
				"redis-cluster-nodes");
	}

	@Test
	void theOverlayCarriesTheCountsOfTheCapacityPlan() {
		Map<String, Integer> plan = new HashMap<>();
		Matcher row = PLAN_ROW.matcher(Repository.read("docs/capacity.md"));
		while (row.find()) {
			plan.put(row.group(1).replaceAll(" \\(.*", ""), Integer.parseInt(row.group(2)));
		}
		assertThat(maxReplicas("api-service")).isEqualTo(plan.get("api-service pods"));
		assertThat(maxReplicas("sse-broadcaster")).isEqualTo(plan.get("sse-broadcaster pods"));
		assertThat(Tree.at(Kustomize.named(SCALE, "Deployment", "outbox-publisher"), "spec", "replicas"))
			.isEqualTo(plan.get("outbox-publisher pods"));
		assertThat(Tree.at(Kustomize.named(SCALE, "KafkaTopic", "score-events"), "spec", "partitions"))
			.isEqualTo(plan.get("score-events partitions"));
	}

	private static int maxReplicas(String deployment) {
		return (Integer) Tree.at(Kustomize.named(SCALE, "HorizontalPodAutoscaler", deployment), "spec", "maxReplicas");
	}

	/** The fewest pods a Deployment runs: its autoscaler's minimum, or its count. */
	private static int fewestReplicas(String deployment) {
		for (String kind : List.of("HorizontalPodAutoscaler", "ScaledObject")) {
			for (Map<String, Object> scaler : Kustomize.ofKind(SCALE, kind)) {
				if (deployment.equals(Tree.string(scaler, "spec", "scaleTargetRef", "name"))) {
					Object least = Tree.at(scaler, "spec",
							kind.equals("ScaledObject") ? "minReplicaCount" : "minReplicas");
					return (Integer) least;
				}
			}
		}
		return (Integer) Tree.at(Kustomize.named(SCALE, "Deployment", deployment), "spec", "replicas");
	}

	private static double percent(String value) {
		assertThat(value).endsWith("%");
		return Integer.parseInt(value.substring(0, value.length() - 1)) / 100.0;
	}

	private static Map<String, Object> environmentOf(Map<String, Object> deployment) {
		Map<String, Object> environment = new HashMap<>();
		Object container = Tree.list(deployment, "spec", "template", "spec", "containers").get(0);
		Tree.list(container, "env").forEach((variable) -> environment.put(Tree.string(variable, "name"), variable));
		return environment;
	}

}
