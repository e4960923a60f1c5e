package io.leaderboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the scripts in src/test/node, which use the npm packages the build installed. */
final class Node {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Path MODULE = Repository.path("deploy-checks");

	private Node() {
	}

	/** Runs a script on files, returning the JSON it prints. */
	static JsonNode run(String script, List<Path> files) {
		assertThat(MODULE.resolve("node_modules")).as("node_modules: run `npm ci` in deploy-checks (the build does)")
			.isDirectory();
		List<String> command = new ArrayList<>(List.of("node", MODULE.resolve("src/test/node/" + script).toString()));
		files.forEach((file) -> command.add(file.toString()));
		return JSON.readTree(execute(command, MODULE));
	}

	/** Runs a script on a value, written for it as a JSON file. */
	static JsonNode runOn(String script, Object input) {
		try {
			Path directory = Files.createDirectories(MODULE.resolve("target/node-input"));
			Path file = Files.createTempFile(directory, script, ".json");
			JSON.writeValue(file.toFile(), input);
			return run(script, List.of(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs a command, failing with its error output unless it exits 0. */
	static String execute(List<String> command, Path directory) {
		try {
			Path errors = Files.createTempFile("deploy-checks", ".err");
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectError(errors.toFile())
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
			String error = Files.readString(errors);
			Files.delete(errors);
			assertThat(process.exitValue()).as("exit code of %s; it said:%n%s", command, error).isZero();
			return output;
		}
		catch (IOException ex) {
			throw new AssertionError("Cannot run " + command + " (is it installed?)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
