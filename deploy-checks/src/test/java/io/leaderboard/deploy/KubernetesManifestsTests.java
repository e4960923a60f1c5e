package io.leaderboard.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.google.gson.JsonElement;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The Kustomize base and overlays, rendered by kustomize and checked as the cluster would
 * receive them: against the Kubernetes schemas (kubernetes-models for types, formats and
 * required fields; client-java-api's models for unknown fields), and against what the
 * services read and expose. Strimzi's KafkaTopic has no published schema package, so its
 * fields are checked by hand.
 */
class KubernetesManifestsTests {

	private static final String BASE = "deploy/k8s/base";

	private static final String LOCAL = "deploy/k8s/overlays/local";

	private static final String PROD = "deploy/k8s/overlays/prod";

	/** Prod at internet scale (docs/capacity.md), Redis Cluster and Kafka outside. */
	private static final String SCALE = "deploy/k8s/overlays/scale";

	/**
	 * The Secret of the scale overlay's external Redis Cluster and Kafka addresses, and
	 * the variable each key is read into.
	 */
	private static final String ENDPOINTS = "leaderboard-endpoints";

	private static final Map<String, String> ENDPOINT_KEYS = Map.of("kafka-bootstrap-servers",
			"KAFKA_BOOTSTRAP_SERVERS", "redis-cluster-nodes", "SPRING_DATA_REDIS_CLUSTER_NODES");

	/** Custom resources without a schema package: checked field by field. */
	private static final Set<String> CUSTOM_KINDS = Set.of("KafkaTopic", "ScaledObject", "TriggerAuthentication");

	private static final Map<String, Integer> EXPECTED_KINDS = Map.of("Namespace", 1, "ConfigMap", 1, "Deployment", 4,
			"Service", 4, "PodDisruptionBudget", 4, "HorizontalPodAutoscaler", 2, "Job", 1, "Ingress", 2, "KafkaTopic",
			6, "NetworkPolicy", 7);

	/**
	 * The keys of the Secrets, which deploy/README.md documents: leaderboard-secrets (the
	 * schema owner's, for the migration Job) and each service's own
	 * {@code <service>-credentials}.
	 */
	private static final Set<String> SECRET_KEYS = Set.of("POSTGRES_USER", "POSTGRES_PASSWORD", "REDIS_USERNAME",
			"REDIS_PASSWORD", "KAFKA_USERNAME", "KAFKA_PASSWORD");

	private static final Set<String> KAFKA_TOPIC_FIELDS = Set.of("partitions", "replicas", "config", "topicName");

	static List<String> kustomizations() {
		return List.of(BASE, LOCAL, PROD, SCALE);
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void rendersEveryObjectOfTheStack(String kustomization) {
		Map<String, Integer> kinds = new TreeMap<>();
		Kustomize.build(kustomization).forEach((object) -> kinds.merge(kind(object), 1, Integer::sum));
		Map<String, Integer> expected = new TreeMap<>(EXPECTED_KINDS);
		if (kustomization.equals(SCALE)) {
			expected.put("ScaledObject", 1);
			expected.put("TriggerAuthentication", 1);
		}
		assertThat(kinds).isEqualTo(expected);
		assertThat(Kustomize.ofKind(kustomization, "Deployment")).extracting(KubernetesManifestsTests::name)
			.containsExactlyInAnyOrderElementsOf(Repository.SERVICES);
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void validatesAgainstTheKubernetesSchemas(String kustomization) {
		List<Map<String, Object>> objects = kubernetesObjects(kustomization);
		JsonNode results = Node.runOn("kubernetes.mjs", objects);
		assertThat(results).hasSize(objects.size());
		for (JsonNode result : results) {
			String object = result.get("kind").asString() + " " + result.get("name").asString();
			assertThat(result.get("known").asBoolean()).as("a schema for %s", object).isTrue();
			assertThat(result.get("errors")).as("schema errors of %s", object).isEmpty();
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void hasNoFieldKubernetesDoesNotKnow(String kustomization) {
		for (Map<String, Object> object : kubernetesObjects(kustomization)) {
			String version = Tree.string(object, "apiVersion").replaceAll("^.*/", "");
			String model = "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0))
					+ version.substring(1) + kind(object);
			JsonElement json = JSON.getGson().toJsonTree(object);
			assertThatNoException().as("%s %s read strictly as %s", kind(object), name(object), model)
				.isThrownBy(() -> JSON.getGson().fromJson(json, Class.forName(model)));
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void kafkaTopicsCarryWhatStrimziRequires(String kustomization) {
		for (Map<String, Object> topic : Kustomize.ofKind(kustomization, "KafkaTopic")) {
			assertThat(Tree.string(topic, "apiVersion")).isEqualTo("kafka.strimzi.io/v1beta2");
			assertThat(name(topic)).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
			assertThat(Tree.string(topic, "metadata", "labels", "strimzi.io/cluster")).as(name(topic)).isNotBlank();
			assertThat(Tree.map(topic, "spec").keySet()).as(name(topic)).isSubsetOf(KAFKA_TOPIC_FIELDS);
			assertThat(Tree.at(topic, "spec", "partitions")).as(name(topic))
				.isInstanceOfSatisfying(Integer.class, (partitions) -> assertThat(partitions).isPositive());
			assertThat(Tree.at(topic, "spec", "replicas")).as(name(topic))
				.isInstanceOfSatisfying(Integer.class, (replicas) -> assertThat(replicas).isBetween(1, 32767));
			Tree.map(topic, "spec", "config")
				.forEach((key, value) -> assertThat(value).as("%s's %s", name(topic), key)
					.isInstanceOfAny(String.class, Integer.class, Long.class, Boolean.class));
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void everyDeploymentProbesItsActuatorHealthGroups(String kustomization) {
		for (Map<String, Object> deployment : Kustomize.ofKind(kustomization, "Deployment")) {
			Map<String, Object> container = onlyContainer(deployment);
			int port = ServiceConfig.of(name(deployment)).port();
			assertThat(Tree.string(container, "livenessProbe", "httpGet", "path")).as(name(deployment))
				.isEqualTo("/actuator/health/liveness");
			assertThat(Tree.string(container, "readinessProbe", "httpGet", "path")).as(name(deployment))
				.isEqualTo("/actuator/health/readiness");
			assertThat(Tree.string(container, "startupProbe", "httpGet", "path")).as(name(deployment))
				.startsWith("/actuator/health/");
			for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
				assertThat(containerPort(container, Tree.at(container, probe, "httpGet", "port")))
					.as("%s's %s port", name(deployment), probe)
					.isEqualTo(port);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void everyPodRunsAsNonRootOnAReadOnlyFilesystem(String kustomization) {
		for (Map<String, Object> workload : workloads(kustomization)) {
			Map<String, Object> pod = Tree.map(workload, "spec", "template", "spec");
			Map<String, Object> container = onlyContainer(workload);
			String what = kind(workload) + " " + name(workload);
			assertThat(Tree.at(pod, "securityContext", "runAsNonRoot")).as(what).isEqualTo(true);
			assertThat(Tree.at(pod, "securityContext", "runAsUser")).as(what).isEqualTo(10001);
			assertThat(Tree.string(pod, "securityContext", "seccompProfile", "type")).as(what)
				.isEqualTo("RuntimeDefault");
			assertThat(Tree.at(container, "securityContext", "readOnlyRootFilesystem")).as(what).isEqualTo(true);
			assertThat(Tree.at(container, "securityContext", "allowPrivilegeEscalation")).as(what).isEqualTo(false);
			assertThat(Tree.list(container, "securityContext", "capabilities", "drop")).as(what).contains("ALL");
			String tmp = Tree.list(container, "volumeMounts")
				.stream()
				.filter((mount) -> "/tmp".equals(Tree.string(mount, "mountPath")))
				.map((mount) -> Tree.string(mount, "name"))
				.findFirst()
				.orElseThrow(() -> new AssertionError(what + " mounts nothing on /tmp"));
			assertThat(Tree.list(pod, "volumes")).as("%s's /tmp is an emptyDir", what)
				.anyMatch((volume) -> tmp.equals(Tree.string(volume, "name")) && Tree.at(volume, "emptyDir") != null);
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void everyContainerRequestsAndLimitsCpuAndMemory(String kustomization) {
		for (Map<String, Object> workload : workloads(kustomization)) {
			Map<String, Object> resources = Tree.map(onlyContainer(workload), "resources");
			for (String resource : List.of("cpu", "memory")) {
				String what = name(workload) + "'s " + resource;
				Quantity request = quantity(Tree.string(resources, "requests", resource), what + " request");
				Quantity limit = quantity(Tree.string(resources, "limits", resource), what + " limit");
				assertThat(limit.getNumber()).as(what).isGreaterThanOrEqualTo(request.getNumber());
			}
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void apiServiceAndBroadcasterScaleWithAnAutoscaler(String kustomization) {
		Set<String> scaled = new HashSet<>();
		for (Map<String, Object> autoscaler : Kustomize.ofKind(kustomization, "HorizontalPodAutoscaler")) {
			Map<String, Object> target = Tree.map(autoscaler, "spec", "scaleTargetRef");
			assertThat(target).containsEntry("apiVersion", "apps/v1").containsEntry("kind", "Deployment");
			Map<String, Object> deployment = Kustomize.named(kustomization, "Deployment", Tree.string(target, "name"));
			assertThat(Tree.at(deployment, "spec", "replicas"))
				.as("replicas of %s, which its autoscaler owns", name(deployment))
				.isNull();
			assertThat((Integer) Tree.at(autoscaler, "spec", "minReplicas"))
				.isLessThanOrEqualTo((Integer) Tree.at(autoscaler, "spec", "maxReplicas"));
			assertThat(Tree.list(autoscaler, "spec", "metrics")).isNotEmpty();
			scaled.add(name(deployment));
		}
		assertThat(scaled).containsExactlyInAnyOrder("api-service", "sse-broadcaster");
	}

	@ParameterizedTest
	@ValueSource(strings = { BASE, PROD })
	void keepsTwoOfEveryServiceOutsideTheLocalOverlay(String kustomization) {
		for (String worker : List.of("outbox-publisher", "projection-worker")) {
			assertThat((Integer) Tree.at(Kustomize.named(kustomization, "Deployment", worker), "spec", "replicas"))
				.as(worker)
				.isGreaterThanOrEqualTo(2);
		}
		Kustomize.ofKind(kustomization, "HorizontalPodAutoscaler")
			.forEach((autoscaler) -> assertThat((Integer) Tree.at(autoscaler, "spec", "minReplicas"))
				.as(name(autoscaler))
				.isGreaterThanOrEqualTo(2));
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void servicesAndBudgetsSelectTheirOwnDeployment(String kustomization) {
		for (Map<String, Object> service : Kustomize.ofKind(kustomization, "Service")) {
			Map<String, Object> deployment = selected(kustomization, Tree.map(service, "spec", "selector"),
					name(service));
			assertThat(name(deployment)).isEqualTo(name(service));
			for (Object port : Tree.list(service, "spec", "ports")) {
				assertThat(containerPort(onlyContainer(deployment), Tree.at(port, "targetPort"))).as(name(service))
					.isEqualTo(ServiceConfig.of(name(deployment)).port());
			}
		}
		for (Map<String, Object> budget : Kustomize.ofKind(kustomization, "PodDisruptionBudget")) {
			assertThat(name(selected(kustomization, Tree.map(budget, "spec", "selector", "matchLabels"), name(budget))))
				.isEqualTo(name(budget));
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void containersGetOnlyVariablesTheirServiceReads(String kustomization) {
		Map<String, Object> config = Kustomize.ofKind(kustomization, "ConfigMap").get(0);
		Set<String> readBySomeService = new HashSet<>();
		for (Map<String, Object> deployment : Kustomize.ofKind(kustomization, "Deployment")) {
			ServiceConfig service = ServiceConfig.of(name(deployment));
			Map<String, Object> container = onlyContainer(deployment);
			assertThat(Tree.list(container, "envFrom")).as(name(deployment))
				.allMatch((source) -> name(config).equals(Tree.string(source, "configMapRef", "name")));
			Tree.map(config, "data").keySet().stream().filter(service::reads).forEach(readBySomeService::add);
			for (Object variable : Tree.list(container, "env")) {
				assertThat(service.reads(Tree.string(variable, "name")))
					.as("%s reads %s", name(deployment), Tree.string(variable, "name"))
					.isTrue();
			}
		}
		assertThat(readBySomeService).as("ConfigMap keys some service reads")
			.containsExactlyInAnyOrderElementsOf(Tree.map(config, "data").keySet());
		for (Map<String, Object> workload : workloads(kustomization)) {
			for (Object variable : Tree.list(onlyContainer(workload), "env")) {
				Object secret = Tree.at(variable, "valueFrom", "secretKeyRef");
				if (secret != null && ENDPOINTS.equals(Tree.string(secret, "name"))) {
					assertThat(ENDPOINT_KEYS).as("%s's address from %s", name(workload), ENDPOINTS)
						.containsEntry(Tree.string(secret, "key"), Tree.string(variable, "name"));
				}
				else if (secret != null) {
					assertThat(Tree.string(secret, "name")).as("the Secret of %s", name(workload))
						.isEqualTo(
								kind(workload).equals("Job") ? "leaderboard-secrets" : name(workload) + "-credentials");
					assertThat(Tree.string(secret, "key")).isIn(SECRET_KEYS);
				}
				Object configKey = Tree.at(variable, "valueFrom", "configMapKeyRef");
				if (configKey != null) {
					assertThat(Tree.string(configKey, "name")).isEqualTo(name(config));
					assertThat(Tree.map(config, "data")).containsKey(Tree.string(configKey, "key"));
				}
			}
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void containersGetEveryAddressAndCredentialTheirServiceReads(String kustomization) {
		Map<String, Object> config = Kustomize.ofKind(kustomization, "ConfigMap").get(0);
		for (Map<String, Object> deployment : Kustomize.ofKind(kustomization, "Deployment")) {
			ServiceConfig service = ServiceConfig.of(name(deployment));
			Map<String, Object> secrets = new TreeMap<>();
			Set<String> provided = new HashSet<>(Tree.map(config, "data").keySet());
			for (Object variable : Tree.list(onlyContainer(deployment), "env")) {
				provided.add(Tree.string(variable, "name"));
				secrets.put(Tree.string(variable, "name"), Tree.string(variable, "valueFrom", "secretKeyRef", "key"));
			}
			service.environment().forEach((variable, fallback) -> {
				if ((fallback.contains("127.0.0.1") || fallback.contains("localhost"))
						&& !(variable.equals("REDIS_HOST") && provided.contains(ServiceConfig.REDIS_CLUSTER_NODES))) {
					assertThat(provided).as("%s would look for %s", name(deployment), fallback).contains(variable);
				}
				if (SECRET_KEYS.contains(variable)) {
					assertThat(secrets).as("%s reads %s from the Secret", name(deployment), variable)
						.containsEntry(variable, variable);
				}
			});
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void prometheusScrapesEveryPodOnItsActuator(String kustomization) {
		for (Map<String, Object> deployment : Kustomize.ofKind(kustomization, "Deployment")) {
			Map<String, Object> annotations = Tree.map(deployment, "spec", "template", "metadata", "annotations");
			assertThat(annotations).as(name(deployment))
				.containsEntry("prometheus.io/scrape", "true")
				.containsEntry("prometheus.io/path", "/actuator/prometheus")
				.containsEntry("prometheus.io/port", String.valueOf(ServiceConfig.of(name(deployment)).port()));
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void migrationJobRunsBeforeTheRollout(String kustomization) {
		Map<String, Object> job = Kustomize.ofKind(kustomization, "Job").get(0);
		assertThat(Tree.map(job, "metadata", "annotations")).containsEntry("argocd.argoproj.io/hook", "PreSync")
			.containsKey("helm.sh/hook");
		assertThat(Tree.string(job, "metadata", "annotations", "helm.sh/hook")).contains("pre-install");
		assertThat(Tree.string(onlyContainer(job), "image")).startsWith("leaderboard/migrations:");
		assertThat(Tree.string(job, "spec", "template", "spec", "restartPolicy")).isEqualTo("Never");
		// deploy/README.md's kubectl sequence applies these first, by this label
		for (String kind : List.of("Namespace", "ConfigMap", "Job")) {
			assertThat(Tree.string(Kustomize.ofKind(kustomization, kind).get(0), "metadata", "labels",
					"app.kubernetes.io/component"))
				.as(kind)
				.isEqualTo("pre-rollout");
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void ingressesRouteTheApiAndTheUnbufferedStreams(String kustomization) {
		Set<String> backends = new HashSet<>();
		for (Map<String, Object> ingress : Kustomize.ofKind(kustomization, "Ingress")) {
			assertThat(Tree.string(ingress, "spec", "ingressClassName")).isEqualTo("nginx");
			for (Object rule : Tree.list(ingress, "spec", "rules")) {
				for (Object path : Tree.list(rule, "http", "paths")) {
					String service = Tree.string(path, "backend", "service", "name");
					Kustomize.named(kustomization, "Service", service);
					backends.add(service);
					if (service.equals("sse-broadcaster")) {
						Map<String, Object> annotations = Tree.map(ingress, "metadata", "annotations");
						assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
						for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
							assertThat(Integer
								.parseInt(String.valueOf(annotations.get("nginx.ingress.kubernetes.io/" + timeout))))
								.as(timeout)
								.isGreaterThanOrEqualTo(3600);
						}
					}
				}
			}
		}
		assertThat(backends).containsExactlyInAnyOrder("api-service", "sse-broadcaster");
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void everyObjectLivesInTheLeaderboardNamespace(String kustomization) {
		for (Map<String, Object> object : Kustomize.build(kustomization)) {
			String namespace = kind(object).equals("Namespace") ? name(object)
					: Tree.string(object, "metadata", "namespace");
			assertThat(namespace).as("%s %s", kind(object), name(object)).isEqualTo("leaderboard");
		}
	}

	@Test
	void onlyTheLocalOverlayRunsTheDevTokenIssuer() {
		for (String kustomization : kustomizations()) {
			List<Object> environment = Tree
				.list(onlyContainer(Kustomize.named(kustomization, "Deployment", "api-service")), "env");
			boolean local = environment.stream()
				.anyMatch((variable) -> "SPRING_PROFILES_ACTIVE".equals(Tree.string(variable, "name"))
						&& "local".equals(Tree.string(variable, "value")));
			assertThat(local).as(kustomization).isEqualTo(kustomization.equals(LOCAL));
		}
	}

	@Test
	void prodRunsLargerPodsThanLocalWithPinnedImages() {
		for (String service : Repository.SERVICES) {
			Map<String, Object> prod = onlyContainer(Kustomize.named(PROD, "Deployment", service));
			Map<String, Object> local = onlyContainer(Kustomize.named(LOCAL, "Deployment", service));
			assertThat(Quantity.fromString(Tree.string(prod, "resources", "limits", "memory")).getNumber()).as(service)
				.isGreaterThan(Quantity.fromString(Tree.string(local, "resources", "limits", "memory")).getNumber());
		}
		for (Map<String, Object> workload : workloads(PROD)) {
			assertThat(Tree.string(onlyContainer(workload), "image")).as(name(workload))
				.matches("leaderboard/[a-z-]+:[0-9][\\w.-]*");
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void networkPoliciesLetEachWorkloadReachOnlyWhatItNeeds(String kustomization) {
		Map<String, Set<String>> reaches = new TreeMap<>();
		Set<String> reachableFromIngress = new HashSet<>();
		Set<String> denyingAll = new HashSet<>();
		for (Map<String, Object> policy : Kustomize.ofKind(kustomization, "NetworkPolicy")) {
			String workload = Tree.string(policy, "spec", "podSelector", "matchLabels", "app.kubernetes.io/name");
			if (workload == null) {
				if (Tree.list(policy, "spec", "policyTypes").containsAll(List.of("Ingress", "Egress"))
						&& Tree.at(policy, "spec", "egress") == null && Tree.at(policy, "spec", "ingress") == null) {
					denyingAll.add(name(policy));
				}
				continue;
			}
			for (Object rule : Tree.list(policy, "spec", "egress")) {
				for (Object peer : Tree.list(rule, "to")) {
					String target = Tree.string(peer, "podSelector", "matchLabels", "app.kubernetes.io/name");
					if (Tree.string(peer, "podSelector", "matchLabels", "strimzi.io/cluster") != null) {
						target = "kafka";
					}
					reaches.computeIfAbsent(workload, (key) -> new TreeSet<>())
						.add((target != null) ? target : Tree.string(peer, "ipBlock", "cidr"));
				}
			}
			for (Object rule : Tree.list(policy, "spec", "ingress")) {
				for (Object peer : Tree.list(rule, "from")) {
					if ("ingress-nginx"
						.equals(Tree.string(peer, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"))) {
						reachableFromIngress.add(workload);
					}
				}
			}
		}
		assertThat(denyingAll).as("a default deny").containsExactly("default-deny");
		// the scale overlay's Redis Cluster and Kafka answer on data subnets of their own
		String redis = kustomization.equals(SCALE) ? "10.20.0.0/16" : "redis";
		String kafka = kustomization.equals(SCALE) ? "10.21.0.0/16" : "kafka";
		assertThat(reaches).isEqualTo(Map.of("api-service", Set.of("postgres", redis, "0.0.0.0/0"), "outbox-publisher",
				Set.of("postgres", kafka), "projection-worker", Set.of(kafka, redis, "postgres"), "sse-broadcaster",
				Set.of(kafka, redis), "leaderboard-migrations", Set.of("postgres")));
		assertThat(reachableFromIngress).containsExactlyInAnyOrder("api-service", "sse-broadcaster");
	}

	@Test
	void secretKeysAreDocumented() {
		assertThat(Repository.read("deploy/README.md")).contains("leaderboard-secrets").contains(SECRET_KEYS);
	}

	private static List<Map<String, Object>> kubernetesObjects(String kustomization) {
		List<Map<String, Object>> objects = Kustomize.build(kustomization)
			.stream()
			.filter((object) -> !CUSTOM_KINDS.contains(kind(object)))
			.toList();
		assertThat(objects).hasSizeGreaterThanOrEqualTo(15);
		return objects;
	}

	private static List<Map<String, Object>> workloads(String kustomization) {
		List<Map<String, Object>> workloads = new ArrayList<>(Kustomize.ofKind(kustomization, "Deployment"));
		workloads.addAll(Kustomize.ofKind(kustomization, "Job"));
		assertThat(workloads).hasSize(5);
		return workloads;
	}

	private static Map<String, Object> selected(String kustomization, Map<String, Object> selector, String by) {
		assertThat(selector).as("%s's selector", by).isNotEmpty();
		List<Map<String, Object>> matches = Kustomize.ofKind(kustomization, "Deployment")
			.stream()
			.filter((deployment) -> Tree.map(deployment, "spec", "template", "metadata", "labels")
				.entrySet()
				.containsAll(selector.entrySet()))
			.toList();
		assertThat(matches).as("Deployments %s selects", by).hasSize(1);
		return matches.get(0);
	}

	private static Map<String, Object> onlyContainer(Map<String, Object> workload) {
		List<Object> containers = Tree.list(workload, "spec", "template", "spec", "containers");
		assertThat(containers).as("containers of %s (the hardening patch patches the first)", name(workload))
			.hasSize(1);
		return Tree.map(containers.get(0));
	}

	private static int containerPort(Map<String, Object> container, Object port) {
		if (port instanceof Integer number) {
			return number;
		}
		// a string port is a name (a numeric string is a schema error, reported
		// elsewhere)
		return Tree.list(container, "ports")
			.stream()
			.filter((declared) -> String.valueOf(port).equals(Tree.string(declared, "name")))
			.map((declared) -> Integer.parseInt(Tree.string(declared, "containerPort")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port named " + port));
	}

	private static Quantity quantity(String value, String what) {
		assertThat(value).as(what).isNotBlank();
		return Quantity.fromString(value);
	}

	private static String kind(Map<String, Object> object) {
		return Tree.string(object, "kind");
	}

	private static String name(Map<String, Object> object) {
		return Tree.string(object, "metadata", "name");
	}

}
