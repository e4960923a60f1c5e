package io.leaderboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
