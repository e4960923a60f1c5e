package io.leaderboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.leaderboard.testsupport.Processes;
import io.leaderboard.testsupport.TestInfrastructure;

/** Starts service jars as processes, as {@code bin/local-stack} does, and stops them. */
final class ServiceProcesses implements AutoCloseable {

	private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

	private static final Path LOGS = Path.of("target", "e2e-logs").toAbsolutePath();

	private final Map<String, Process> processes = new LinkedHashMap<>();

	private final Map<String, Integer> ports = new LinkedHashMap<>();

	private final Map<String, Map<String, String>> settings = new LinkedHashMap<>();

	private final Map<String, String> environment;

	private final String name;

	ServiceProcesses(Map<String, String> environment) {
		this("", environment);
	}

	/**
	 * @param name what the log file names start with, for a second set of services
	 */
	ServiceProcesses(String name, Map<String, String> environment) {
		this.name = name;
		this.environment = environment;
		try {
			Files.createDirectories(LOGS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Another set of services on the same servers, for second instances.
	 * @param name what its log file names start with
	 */
	ServiceProcesses another(String name) {
		return new ServiceProcesses(name, this.environment);
	}

	/** Starts a service on a free port. */
	int start(String module) {
		return start(module, Map.of());
	}

	/** Starts a service on a free port, with settings of its own. */
	int start(String module, Map<String, String> settings) {
		int port = TestInfrastructure.freePort();
		launch(module, settings, port);
		this.settings.put(module, settings);
		this.ports.put(module, port);
		return port;
	}

	/**
	 * Kills a service at once and starts it again on the same port with the same
	 * settings: its clients see their connections drop, then the service come back.
	 */
	void restart(String module) {
		kill(module);
		launch(module, this.settings.get(module), this.ports.get(module));
	}

	private void launch(String module, Map<String, String> settings, int port) {
		Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
		if (!Files.exists(jar)) {
			throw new IllegalStateException(jar + " is missing: run ./mvnw verify from the repository root");
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		String heap = settings.getOrDefault("JAVA_HEAP", "256m");
		// quick to start for tests; a benchmark asks for the full JIT instead
		String flags = settings.getOrDefault("JVM_FLAGS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
		command.addAll(List.of(flags.trim().split("\\s+")));
		command.addAll(List.of("-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(LOGS.resolve(this.name + module + ".log").toFile()));
		builder.environment().putAll(this.environment);
		builder.environment().putAll(settings);
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		try {
			this.processes.put(module, builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port(String module) {
		return this.ports.get(module);
	}

	/** Kills a service at once, as a crash or an OOM kill does: no shutdown hooks run. */
	void kill(String module) {
		Process process = this.processes.get(module);
		process.destroyForcibly();
		try {
			process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	long pid(String module) {
		return this.processes.get(module).pid();
	}

	boolean ready(String module) {
		Process process = this.processes.get(module);
		if (!process.isAlive()) {
			throw new IllegalStateException(module + " exited with " + process.exitValue() + "\n" + logTail(module));
		}
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://localhost:" + this.ports.get(module) + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	String logTails() {
		StringBuilder tails = new StringBuilder();
		this.processes.keySet().forEach((module) -> tails.append(logTail(module)));
		return tails.toString();
	}

	private String logTail(String module) {
		try {
			List<String> lines = Files.readAllLines(LOGS.resolve(this.name + module + ".log"));
			return "\n----- " + module + " (last 40 lines) -----\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "\n----- " + module + ": no log -----";
		}
	}

	@Override
	public void close() {
		Processes.stop(this.processes.values());
	}

}
