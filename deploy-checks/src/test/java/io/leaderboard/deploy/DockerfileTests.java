package io.leaderboard.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images' Dockerfiles, parsed with dockerfile-ast and linted with dockerfile-utils
 * (the parser and linter of VS Code's Docker support).
 */
class DockerfileTests {

	private static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
			"application");

	private static final Map<String, JsonNode> parsed = new HashMap<>();

	@BeforeAll
	static void parseEveryDockerfile() {
		List<String> files = Stream.concat(Repository.SERVICES.stream(), Stream.of("db"))
			.map((module) -> module + "/Dockerfile")
			.toList();
		JsonNode result = Node.run("dockerfiles.mjs", files.stream().map(Repository::path).toList());
		for (int i = 0; i < files.size(); i++) {
			parsed.put(files.get(i), result.get(i));
		}
	}

	static List<String> services() {
		return Repository.SERVICES;
	}

	@Test
	void linterFindsNoProblem() {
		assertThat(parsed).hasSize(5);
		parsed
			.forEach((file, dockerfile) -> assertThat(dockerfile.get("problems")).as("problems in %s", file).isEmpty());
	}

	@ParameterizedTest
	@MethodSource("services")
	void buildsInStagesAndOnlyItsOwnModule(String module) {
		List<List<JsonNode>> stages = stages(module + "/Dockerfile");
		assertThat(stages).as("stages of %s", module).hasSizeGreaterThanOrEqualTo(2);
		assertThat(commands(stages.get(0), "RUN")).as("the build stage of %s", module)
			.anyMatch((run) -> run.contains("-pl " + module + " ") && run.contains(" -am ") && run.contains("package"));
	}

	@ParameterizedTest
	@MethodSource("services")
	void copiesTheRunnableJarOfItsModule(String module) throws Exception {
		Document pom = parse("pom.xml");
		String version = XPathFactory.newInstance().newXPath().evaluate("/project/version", pom);
		String classifier = XPathFactory.newInstance()
			.newXPath()
			.evaluate("//plugin[artifactId='spring-boot-maven-plugin']//classifier", pom);
		String jar = "/" + module + "/target/" + module + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier)
				+ ".jar";
		assertThat(instructions(module + "/Dockerfile", "COPY")).as("COPY of %s", jar)
			.anyMatch(
					(copy) -> copy.path("flags").has("from") && copy.get("arguments").get(0).asString().endsWith(jar));
	}

	@ParameterizedTest
	@MethodSource("services")
	void extractsTheLayeredJarWithTheToolsJarmode(String module) {
		assertThat(commands(instructions(module + "/Dockerfile", "RUN"), "RUN")).as(module)
			.anyMatch((run) -> run.contains("-Djarmode=tools") && run.contains("extract --layers --launcher"));
	}

	@ParameterizedTest
	@MethodSource("services")
	void runtimeStageCopiesTheLayersLeastChangedFirst(String module) {
		List<String> copied = new ArrayList<>();
		for (JsonNode copy : finalStage(module + "/Dockerfile")) {
			if (copy.get("keyword").asString().equals("COPY") && copy.path("flags").has("from")) {
				String source = copy.get("arguments").get(0).asString().replaceAll("/$", "");
				copied.add(source.substring(source.lastIndexOf('/') + 1));
			}
		}
		assertThat(copied).as(module).containsExactlyElementsOf(LAYERS);
		assertThat(commands(finalStage(module + "/Dockerfile"), "ENTRYPOINT")).as(module)
			.anyMatch((entrypoint) -> entrypoint.endsWith("org.springframework.boot.loader.launch.JarLauncher"));
	}

	@Test
	void finalStagesRunAsANonRootUser() {
		parsed.keySet().forEach((file) -> {
			List<String> users = commands(finalStage(file), "USER");
			assertThat(users).as("USER in the final stage of %s", file).isNotEmpty();
			String uid = users.get(users.size() - 1).split(":")[0];
			assertThat(uid).as("the user of %s", file).matches("\\d+").isNotEqualTo("0");
		});
	}

	@ParameterizedTest
	@MethodSource("services")
	void exposesThePortTheServiceListensOn(String module) {
		assertThat(commands(finalStage(module + "/Dockerfile"), "EXPOSE")).as(module)
			.containsExactly(String.valueOf(ServiceConfig.of(module).port()));
	}

	@Test
	void migrationsImageCarriesDbMigrations() {
		List<List<JsonNode>> stages = stages("db/Dockerfile");
		assertThat(stages).hasSize(1);
		assertThat(stages.get(0).get(0).get("arguments").get(0).asString()).startsWith("flyway/flyway:");
		assertThat(commands(stages.get(0), "COPY")).contains("db/migrations/ /flyway/sql/");
		assertThat(commands(stages.get(0), "ENV"))
			.anyMatch((env) -> env.contains("FLYWAY_LOCATIONS=filesystem:/flyway/sql"));
	}

	@Test
	void buildContextKeepsEveryModuleButNoBuildOutput() {
		List<String> ignored = Repository.read(".dockerignore")
			.lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(ignored).contains(".git", "**/target/", "**/node_modules/");
		List<String> modules = new ArrayList<>();
		NodeList nodes = parse("pom.xml").getElementsByTagName("module");
		for (int i = 0; i < nodes.getLength(); i++) {
			modules.add(nodes.item(i).getTextContent().strip());
		}
		assertThat(modules).contains("deploy-checks");
		assertThat(ignored).as("patterns that would drop a reactor module the build needs")
			.noneMatch((pattern) -> modules.contains(pattern.replaceAll("/$", "")));
	}

	private static List<List<JsonNode>> stages(String file) {
		List<List<JsonNode>> stages = new ArrayList<>();
		for (JsonNode instruction : parsed.get(file).get("instructions")) {
			if (instruction.get("keyword").asString().equals("FROM")) {
				stages.add(new ArrayList<>());
			}
			assertThat(stages).as("%s starts with FROM", file).isNotEmpty();
			stages.get(stages.size() - 1).add(instruction);
		}
		return stages;
	}

	private static List<JsonNode> finalStage(String file) {
		List<List<JsonNode>> stages = stages(file);
		return stages.get(stages.size() - 1);
	}

	private static List<JsonNode> instructions(String file, String keyword) {
		return stages(file).stream()
			.flatMap(List::stream)
			.filter((instruction) -> instruction.get("keyword").asString().equals(keyword))
			.toList();
	}

	/**
	 * Each instruction of the keyword as one line: its JSON-form arguments, else its
	 * words.
	 */
	private static List<String> commands(List<JsonNode> instructions, String keyword) {
		return instructions.stream()
			.filter((instruction) -> instruction.get("keyword").asString().equals(keyword))
			.map((instruction) -> {
				JsonNode words = instruction.get("json").isEmpty() ? instruction.get("arguments")
						: instruction.get("json");
				List<String> parts = new ArrayList<>();
				words.forEach((word) -> parts.add(word.asString()));
				return String.join(" ", parts);
			})
			.toList();
	}

	private static Document parse(String file) {
		try {
			return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Repository.path(file).toFile());
		}
		catch (Exception ex) {
			throw new AssertionError("Cannot parse " + file, ex);
		}
	}

}
