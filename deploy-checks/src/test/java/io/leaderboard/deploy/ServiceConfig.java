package io.leaderboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a service reads from its environment and where it listens, taken from its
 * {@code application*.yml}: every {@code ${NAME:default}} placeholder names an
 * environment variable, and {@code server.port}'s default is the port.
 *
 * @param module the Maven module
 * @param port the HTTP port when {@code SERVER_PORT} is not set
 * @param environment every variable a placeholder names, with its default ("" when none)
 */
record ServiceConfig(String module, int port, Map<String, String> environment) {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

	/** Read by Spring Boot itself, with no placeholder in any file. */
	private static final Set<String> READ_BY_SPRING_BOOT = Set.of("SPRING_PROFILES_ACTIVE");

	/**
	 * Bound by Spring Boot to {@code spring.data.redis.cluster.nodes} in a service that
	 * uses Redis (one whose configuration reads {@code REDIS_HOST}): the nodes of a Redis
	 * Cluster, in place of {@code REDIS_HOST}.
	 */
	static final String REDIS_CLUSTER_NODES = "SPRING_DATA_REDIS_CLUSTER_NODES";

	static ServiceConfig of(String module) {
		Map<String, String> environment = new TreeMap<>();
		Object server = null;
		for (Path file : configurationFiles(module)) {
			for (Object document : Repository.yamlDocuments(Repository.read(file))) {
				collectPlaceholders(document, environment);
				if (file.getFileName().toString().startsWith("application.")) {
					server = (server != null) ? server : Tree.at(document, "server", "port");
				}
			}
		}
		assertThat(server).as("server.port in %s's application.yml", module).isNotNull();
		Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(server));
		String port = placeholder.matches() ? placeholder.group(2) : String.valueOf(server);
		assertThat(environment).as("%s's placeholders", module).isNotEmpty();
		return new ServiceConfig(module, Integer.parseInt(port), environment);
	}

	boolean reads(String variable) {
		return this.environment.containsKey(variable) || READ_BY_SPRING_BOOT.contains(variable)
				|| (variable.equals(REDIS_CLUSTER_NODES) && this.environment.containsKey("REDIS_HOST"));
	}

	private static List<Path> configurationFiles(String module) {
		Path resources = Repository.path(module + "/src/main/resources");
		try (Stream<Path> files = Files.list(resources)) {
			List<Path> found = files
				.filter((file) -> file.getFileName().toString().matches("application(-[a-z0-9]+)?\\.ya?ml"))
				.sorted()
				.toList();
			assertThat(found).as("application*.yml of %s", module).isNotEmpty();
			return found;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void collectPlaceholders(Object node, Map<String, String> environment) {
		if (node instanceof Map<?, ?> map) {
			map.values().forEach((value) -> collectPlaceholders(value, environment));
		}
		else if (node instanceof List<?> list) {
			list.forEach((value) -> collectPlaceholders(value, environment));
		}
		else if (node != null) {
			Matcher matcher = PLACEHOLDER.matcher(node.toString());
			while (matcher.find()) {
				environment.put(matcher.group(1), (matcher.group(2) != null) ? matcher.group(2) : "");
			}
		}
	}

}
