package io.leaderboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus's scrape configuration and rules and the Grafana dashboard, with every query
 * parsed by the Prometheus project's PromQL grammar.
 */
class MonitoringTests {

	/** Series of meters not registered yet: the services are about to add them. */
	private static final Set<String> ANNOUNCED = Set.of();

	/** What the dashboard has to show (issue 7), by metric name or name prefix. */
	private static final List<String> DASHBOARD_METRICS = List.of("http_server_requests_seconds_count",
			"leaderboard_submissions_total", "leaderboard_outbox_pending", "leaderboard_outbox_oldest_age_seconds",
			"leaderboard_outbox_publish_latency_seconds", "kafka_consumer_fetch_manager_records_lag_max",
			"leaderboard_projection_lag_seconds", "leaderboard_notifications_total", "leaderboard_stream_open",
			"leaderboard_stream_delivery_latency_seconds", "leaderboard_rebuilds_seconds", "leaderboard_drift_entries",
			"redis_memory_used_bytes");

	/** Seed 004 §10's alerts and the metric each must watch. */
	private static final Map<String, String> SEED_ALERTS = Map.of("KafkaConsumerLagHigh",
			"kafka_consumer_fetch_manager_records_lag_max", "RedisMemoryHigh", "redis_memory_max_bytes",
			"ApiErrorRateHigh", "http_server_requests_seconds_count", "OutboxBacklogOld",
			"leaderboard_outbox_oldest_age_seconds", "RedisRdbSaveFailed", "redis_rdb_last_bgsave_status");

	/**
	 * A meter registration: {@code Timer.builder("leaderboard.x")},
	 * {@code meters.counter("leaderboard.x"}.
	 */
	private static final Pattern METER = Pattern.compile(
			"(?i)(Counter|Timer|Gauge|DistributionSummary)(?:\\s*\\.builder)?\\(\\s*\"(leaderboard(?:\\.[a-z0-9]+)+)\"");

	private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\"(\\w+)\"\\)");

	private static List<Map<String, Object>> rules;

	private static JsonNode dashboard;

	@BeforeAll
	static void parseTheFiles() {
		rules = new ArrayList<>();
		Tree.list(Repository.yaml("deploy/prometheus/alerts.yml"), "groups")
			.forEach((group) -> Tree.list(group, "rules").forEach((rule) -> rules.add(Tree.map(rule))));
		dashboard = Node.JSON.readTree(Repository.read("deploy/grafana/leaderboard-dashboard.json"));
	}

	@Test
	void alertsAreWellFormedRules() {
		assertThat(rules).hasSizeGreaterThanOrEqualTo(SEED_ALERTS.size());
		for (Map<String, Object> rule : rules) {
			assertThat(Tree.string(rule, "alert")).matches("[A-Z][A-Za-z0-9]+");
			assertThat(Tree.string(rule, "expr")).isNotBlank();
			assertThat(Tree.string(rule, "labels", "severity")).as(Tree.string(rule, "alert"))
				.isIn("warning", "critical");
			assertThat(Tree.string(rule, "annotations", "summary")).as(Tree.string(rule, "alert")).isNotBlank();
			if (rule.containsKey("for")) {
				assertThat(Tree.string(rule, "for")).matches("\\d+[smh]");
			}
		}
	}

	@Test
	void alertsWatchWhatTheSeedAsksFor() {
		SEED_ALERTS.forEach((alert, metric) -> {
			Map<String, Object> rule = rules.stream()
				.filter((candidate) -> alert.equals(candidate.get("alert")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no alert " + alert));
			assertThat(metrics(List.of(Tree.string(rule, "expr")))).as(alert).contains(metric);
		});
		assertThat(expression("ApiErrorRateHigh")).contains("status=~\"5..\"").contains("> 0.01");
		assertThat(expression("RedisMemoryHigh")).contains("redis_memory_used_bytes / redis_memory_max_bytes > 0.7");
	}

	@Test
	void everyQueryIsValidPromQl() {
		List<String> queries = new ArrayList<>(rules.stream().map((rule) -> Tree.string(rule, "expr")).toList());
		queries.addAll(dashboardQueries());
		JsonNode parsed = Node.runOn("promql.mjs", queries);
		assertThat(parsed).hasSize(queries.size()).hasSizeGreaterThan(20);
		parsed.forEach((query) -> assertThat(query.get("errors")).as(query.get("expression").asString()).isEmpty());
	}

	@Test
	void leaderboardMetricsAreSeriesAServiceRegistersOrAnnounced() {
		Set<String> known = new HashSet<>(ANNOUNCED);
		known.addAll(seriesOfTheServices());
		List<String> queries = new ArrayList<>(rules.stream().map((rule) -> Tree.string(rule, "expr")).toList());
		queries.addAll(dashboardQueries());
		Set<String> used = metrics(queries);
		assertThat(used).anyMatch((metric) -> metric.startsWith("leaderboard_"));
		used.stream()
			.filter((metric) -> metric.startsWith("leaderboard_"))
			.forEach((metric) -> assertThat(known).as("a registered or announced series %s", metric).contains(metric));
	}

	@Test
	void dashboardIsAGrafanaDashboard() {
		assertThat(dashboard.get("uid").asString()).isNotBlank();
		assertThat(dashboard.get("title").asString()).isNotBlank();
		assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
		JsonNode variable = dashboard.get("templating").get("list").get(0);
		assertThat(variable.get("type").asString()).isEqualTo("datasource");
		assertThat(variable.get("query").asString()).isEqualTo("prometheus");
		Set<Integer> ids = new HashSet<>();
		int graphs = 0;
		for (JsonNode panel : dashboard.get("panels")) {
			assertThat(ids.add(panel.get("id").asInt())).as("unique panel id %s", panel.get("id")).isTrue();
			JsonNode position = panel.get("gridPos");
			assertThat(position.get("x").asInt() + position.get("w").asInt()).as(panel.get("title").asString())
				.isLessThanOrEqualTo(24);
			if (!panel.get("type").asString().equals("row")) {
				assertThat(panel.get("datasource").get("uid").asString())
					.isEqualTo("${" + variable.get("name").asString() + "}");
				assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
				panel.get("targets").forEach((target) -> assertThat(target.get("expr").asString()).isNotBlank());
				graphs++;
			}
		}
		assertThat(graphs).isGreaterThanOrEqualTo(DASHBOARD_METRICS.size());
	}

	@Test
	void dashboardShowsEveryPipelineMetric() {
		Set<String> shown = metrics(dashboardQueries());
		for (String metric : DASHBOARD_METRICS) {
			assertThat(shown).as("a panel showing %s", metric)
				.anyMatch((name) -> name.equals(metric) || name.startsWith(metric + "_"));
		}
	}

	@Test
	void prometheusScrapesEveryServiceActuatorAndLoadsTheRules() {
		Object prometheus = Repository.yaml("deploy/prometheus/prometheus.yml");
		assertThat(Tree.list(prometheus, "rule_files")).containsExactly("alerts.yml");
		Map<String, Object> jobs = new HashMap<>();
		Tree.list(prometheus, "scrape_configs").forEach((job) -> jobs.put(Tree.string(job, "job_name"), job));
		Object pods = jobs.get("leaderboard-kubernetes");
		assertThat(Tree.string(pods, "metrics_path")).isEqualTo("/actuator/prometheus");
		assertThat(Tree.string(Tree.list(pods, "kubernetes_sd_configs").get(0), "role")).isEqualTo("pod");
		assertThat(Tree.list(pods, "relabel_configs"))
			.anyMatch((relabel) -> "service".equals(Tree.string(relabel, "target_label")));
		Object compose = jobs.get("leaderboard-compose");
		assertThat(Tree.string(compose, "metrics_path")).isEqualTo("/actuator/prometheus");
		Map<String, Object> composeServices = Tree.map(Repository.yaml("docker-compose.yml"), "services");
		Set<String> targets = new HashSet<>();
		for (Object group : Tree.list(compose, "static_configs")) {
			String service = Tree.string(group, "labels", "service");
			assertThat(Tree.list(group, "targets")).containsExactly(service + ":" + ServiceConfig.of(service).port());
			assertThat(composeServices).containsKey(service);
			targets.add(service);
		}
		assertThat(targets).containsExactlyInAnyOrderElementsOf(Repository.SERVICES);
		assertThat(Tree.list(Tree.list(jobs.get("redis"), "static_configs").get(0), "targets"))
			.containsExactly("redis-exporter:9121");
		assertThat(composeServices).containsKeys("redis-exporter", "prometheus", "grafana");
	}

	private static String expression(String alert) {
		return rules.stream()
			.filter((rule) -> alert.equals(rule.get("alert")))
			.map((rule) -> Tree.string(rule, "expr").replaceAll("\\s+", " "))
			.findFirst()
			.orElseThrow();
	}

	/** Grafana's interval variables, replaced by what they become at query time. */
	private static List<String> dashboardQueries() {
		List<String> queries = new ArrayList<>();
		dashboard.get("panels")
			.forEach((panel) -> panel.path("targets")
				.forEach((target) -> queries
					.add(target.get("expr").asString().replaceAll("\\$__(rate_interval|interval|range)", "5m"))));
		return queries;
	}

	private static Set<String> metrics(List<String> queries) {
		Set<String> metrics = new HashSet<>();
		Node.runOn("promql.mjs", queries)
			.forEach((query) -> query.get("metrics").forEach((metric) -> metrics.add(metric.asString())));
		return metrics;
	}

	/**
	 * The Prometheus series of every meter the services register, by Micrometer's naming:
	 * counters end in {@code _total}, timers in {@code _seconds_count/_sum/_max/_bucket},
	 * a base unit is appended to the name.
	 */
	private static Set<String> seriesOfTheServices() {
		Set<String> series = new HashSet<>();
		for (String module : Repository.SERVICES) {
			try (Stream<Path> files = Files.walk(Repository.path(module + "/src/main/java"))) {
				files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> {
					String source = Repository.read(file);
					METER.matcher(source).results().forEach((meter) -> {
						String chain = source.substring(meter.end(), Math.min(source.length(), meter.end() + 400));
						Matcher unit = BASE_UNIT.matcher(chain.split("\\.register\\(")[0]);
						series.addAll(series(meter.group(1), meter.group(2).replace('.', '_'),
								unit.find() ? "_" + unit.group(1) : ""));
					});
				});
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		assertThat(series).as("series of the services' meters").hasSizeGreaterThanOrEqualTo(10);
		return series;
	}

	private static List<String> series(String type, String name, String unit) {
		return switch (type.toLowerCase()) {
			case "counter" -> List.of(name + unit + "_total");
			case "timer" ->
				Stream.of("_count", "_sum", "_max", "_bucket").map((end) -> name + "_seconds" + end).toList();
			case "distributionsummary" ->
				Stream.of("_count", "_sum", "_max", "_bucket").map((end) -> name + unit + end).toList();
			default -> List.of(name + unit);
		};
	}

}
