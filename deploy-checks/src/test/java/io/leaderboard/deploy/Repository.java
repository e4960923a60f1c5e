package io.leaderboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository's files, read as the checks need them. */
final class Repository {

	static final List<String> SERVICES = List.of("api-service", "outbox-publisher", "projection-worker",
			"sse-broadcaster");

	private Repository() {
	}

	static Path root() {
		return Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
	}

	static Path path(String relative) {
		return root().resolve(relative);
	}

	static String read(String relative) {
		return read(path(relative));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The build args docker-compose.yml gives a service's image. */
	static Map<String, String> buildArgs(String service) {
		Object args = Tree.at(yaml("docker-compose.yml"), "services", service, "build", "args");
		Map<String, String> buildArgs = new LinkedHashMap<>();
		if (args instanceof Map<?, ?> map) {
			map.forEach((name, value) -> buildArgs.put(String.valueOf(name), String.valueOf(value)));
		}
		else if (args != null) {
			for (Object entry : Tree.list(args)) {
				String[] pair = String.valueOf(entry).split("=", 2);
				buildArgs.put(pair[0], (pair.length > 1) ? pair[1] : "");
			}
		}
		return buildArgs;
	}

	static Object yaml(String relative) {
		return newYaml().load(read(relative));
	}

	static List<Object> yamlDocuments(String text) {
		List<Object> documents = new ArrayList<>();
		for (Object document : newYaml().loadAll(text)) {
			if (document != null) {
				documents.add(document);
			}
		}
		return documents;
	}

	private static Yaml newYaml() {
		return new Yaml(new SafeConstructor(new LoaderOptions()));
	}

}
