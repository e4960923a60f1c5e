package io.leaderboard.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, parsed with SnakeYAML and held against the services' own
 * configuration.
 */
class ComposeTests {

	private static final Set<String> INFRASTRUCTURE = Set.of("postgres", "redis", "kafka", "kafka-init");

	private static final Set<String> MONITORING = Set.of("redis-exporter", "prometheus", "grafana");

	private static Map<String, Object> services;

	@BeforeAll
	static void parseTheComposeFile() {
		services = Tree.map(Repository.yaml("docker-compose.yml"), "services");
	}

	@Test
	void declaresTheWholeStack() {
		assertThat(services.keySet())
			.containsExactlyInAnyOrderElementsOf(union(INFRASTRUCTURE, MONITORING, Set.copyOf(Repository.SERVICES)));
	}

	@Test
	void everyServiceHasAHealthcheck() {
		services.forEach((name, service) -> {
			List<Object> test = Tree.list(service, "healthcheck", "test");
			assertThat(test).as("%s's healthcheck test", name).hasSizeGreaterThan(1);
			assertThat(test.get(0)).as("%s's healthcheck", name).isIn("CMD", "CMD-SHELL");
			assertThat(Tree.at(service, "healthcheck", "disable")).as("%s's healthcheck disabled", name)
				.isNotEqualTo(true);
		});
	}

	@Test
	void everyDependencyWaitsForACondition() {
		int dependencies = 0;
		for (Map.Entry<String, Object> service : services.entrySet()) {
			Object dependsOn = Tree.at(service.getValue(), "depends_on");
			if (dependsOn == null) {
				continue;
			}
			assertThat(dependsOn).as("%s's depends_on uses the long form, with conditions", service.getKey())
				.isInstanceOf(Map.class);
			for (Map.Entry<String, Object> dependency : Tree.map(dependsOn).entrySet()) {
				String condition = Tree.string(dependency.getValue(), "condition");
				Object target = services.get(dependency.getKey());
				assertThat(target).as("%s depends on a declared service", service.getKey()).isNotNull();
				assertThat(condition).as("%s waits for %s", service.getKey(), dependency.getKey())
					.isIn("service_healthy", "service_completed_successfully");
				if (condition.equals("service_completed_successfully")) {
					assertThat(Tree.string(target, "restart")).as("%s is a one-shot", dependency.getKey())
						.isEqualTo("no");
				}
				dependencies++;
			}
		}
		assertThat(dependencies).isGreaterThanOrEqualTo(10);
	}

	@Test
	void everyServiceHasAMemoryLimit() {
		services.forEach((name, service) -> {
			Object limit = (Tree.at(service, "mem_limit") != null) ? Tree.at(service, "mem_limit")
					: Tree.at(service, "deploy", "resources", "limits", "memory");
			assertThat(limit).as("%s's memory limit", name).isNotNull();
			assertThat(String.valueOf(limit)).as("%s's memory limit", name).matches("\\d+[kmg]?b?");
		});
	}

	@Test
	void javaServicesSetOnlyVariablesTheyRead() {
		for (String module : Repository.SERVICES) {
			ServiceConfig config = ServiceConfig.of(module);
			Map<String, String> environment = environment(module);
			assertThat(environment).as("%s's environment", module).isNotEmpty();
			assertThat(environment.keySet()).as("variables %s reads (%s)", module, config.environment().keySet())
				.allMatch(config::reads);
		}
	}

	@Test
	void javaServicesSetEveryAddressTheyWouldLookForOnTheirOwnHost() {
		for (String module : Repository.SERVICES) {
			ServiceConfig config = ServiceConfig.of(module);
			Map<String, String> environment = environment(module);
			config.environment().forEach((variable, fallback) -> {
				if (fallback.contains("127.0.0.1") || fallback.contains("localhost")) {
					assertThat(environment).as("%s in a container would use %s", module, fallback)
						.containsKey(variable);
				}
			});
		}
	}

	@Test
	void javaServicesPublishAndProbeTheirOwnPort() {
		Pattern probe = Pattern.compile("http://localhost:(\\d+)/actuator/health/(readiness|liveness)");
		for (String module : Repository.SERVICES) {
			int port = ServiceConfig.of(module).port();
			List<Object> ports = Tree.list(services.get(module), "ports");
			assertThat(ports).as("%s's ports", module).isNotEmpty();
			ports.forEach((mapping) -> assertThat(containerPort(mapping)).as("%s publishes", module).isEqualTo(port));
			Matcher healthcheck = probe
				.matcher(String.join(" ", strings(Tree.list(services.get(module), "healthcheck", "test"))));
			assertThat(healthcheck.find()).as("%s's healthcheck calls its actuator health group", module).isTrue();
			assertThat(Integer.parseInt(healthcheck.group(1))).as("%s's healthcheck port", module).isEqualTo(port);
		}
	}

	@Test
	void javaServicesAreBuiltFromTheOneDockerfileWithTheirModuleAndPort() {
		for (String module : Repository.SERVICES) {
			Object service = services.get(module);
			assertThat(Tree.string(service, "build", "context")).isEqualTo(".");
			assertThat(Tree.string(service, "build", "dockerfile")).isEqualTo(DockerfileTests.SERVICES_DOCKERFILE);
			assertThat(Repository.buildArgs(module)).as("%s's build args", module)
				.containsExactlyInAnyOrderEntriesOf(
						Map.of("MODULE", module, "PORT", String.valueOf(ServiceConfig.of(module).port())));
			assertThat(Tree.string(service, "image")).isEqualTo("leaderboard/" + module + ":0.1.0");
		}
	}

	@Test
	void servicesStartOnlyOnceApiServiceHasAppliedTheSchema() {
		for (String module : List.of("outbox-publisher", "projection-worker", "sse-broadcaster")) {
			assertThat(Tree.string(services.get(module), "depends_on", "api-service", "condition")).as(module)
				.isEqualTo("service_healthy");
		}
		assertThat(Tree.map(services.get("api-service"), "depends_on")).containsKeys("postgres", "redis");
		assertThat(environment("api-service")).containsEntry("SPRING_PROFILES_ACTIVE", "local");
	}

	@Test
	void infrastructureIsWhatTheServicesExpect() {
		assertThat(Tree.string(services.get("postgres"), "image")).startsWith("postgres:16");
		assertThat(Tree.map(services.get("postgres"), "environment")).containsEntry("POSTGRES_DB", "leaderboard");
		assertThat(String.join(" ", strings(Tree.list(services.get("postgres"), "healthcheck", "test"))))
			.contains("pg_isready");
		assertThat(Tree.string(services.get("redis"), "image")).startsWith("redis:7");
		assertThat(String.join(" ", strings(Tree.list(services.get("redis"), "command")))).contains("--appendonly yes");
		assertThat(Tree.string(services.get("kafka"), "image")).startsWith("apache/kafka:");
		assertThat(Tree.string(services.get("kafka"), "environment", "KAFKA_PROCESS_ROLES"))
			.isEqualTo("broker,controller");
	}

	private static Map<String, String> environment(String service) {
		Object environment = Tree.at(services.get(service), "environment");
		Map<String, String> variables = new LinkedHashMap<>();
		if (environment instanceof Map<?, ?> map) {
			map.forEach((key, value) -> variables.put(String.valueOf(key), String.valueOf(value)));
		}
		else {
			for (String entry : strings(Tree.list(environment))) {
				String[] pair = entry.split("=", 2);
				variables.put(pair[0], (pair.length > 1) ? pair[1] : "");
			}
		}
		return variables;
	}

	private static int containerPort(Object mapping) {
		if (mapping instanceof Map<?, ?> map) {
			return Integer.parseInt(String.valueOf(map.get("target")));
		}
		String port = String.valueOf(mapping).replaceAll("/(tcp|udp)$", "");
		return Integer.parseInt(port.substring(port.lastIndexOf(':') + 1));
	}

	private static List<String> strings(List<Object> values) {
		return values.stream().map(String::valueOf).toList();
	}

	@SafeVarargs
	private static Set<String> union(Set<String>... sets) {
		return Stream.of(sets).flatMap(Set::stream).collect(Collectors.toSet());
	}

}
