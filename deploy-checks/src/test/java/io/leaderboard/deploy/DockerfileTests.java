package io.leaderboard.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * (the parser and linter of VS Code's Docker support). The four services share the root
 * {@code Dockerfile}: each check of a service reads it as Docker would with the build
 * arguments docker-compose.yml gives that service, every {@code ARG} in its stage's
 * scope.
 */
class DockerfileTests {

	static final String SERVICES_DOCKERFILE = "Dockerfile";

	private static final String MIGRATIONS_DOCKERFILE = "db/Dockerfile";

	private static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
			"application");

	private static final Pattern VARIABLE = Pattern
		.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

	private static final Map<String, JsonNode> parsed = new HashMap<>();

	@BeforeAll
	static void parseEveryDockerfile() {
		List<String> files = List.of(SERVICES_DOCKERFILE, MIGRATIONS_DOCKERFILE);
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
		assertThat(parsed).hasSize(2);
		parsed
			.forEach((file, dockerfile) -> assertThat(dockerfile.get("problems")).as("problems in %s", file).isEmpty());
	}

	@Test
	void everyServiceModuleIsBuiltFromTheOneDockerfile() {
		for (String module : Repository.SERVICES) {
			assertThat(Repository.path(module + "/Dockerfile")).as("a Dockerfile of %s's own", module).doesNotExist();
		}
	}

	@ParameterizedTest
	@MethodSource("services")
	void composeGivesEveryArgumentTheDockerfileNeedsAndNoOther(String module) {
		Map<String, String> declared = new HashMap<>();
		for (Instruction arg : instructions(raw(SERVICES_DOCKERFILE), "ARG")) {
			String[] pair = arg.arguments().get(0).split("=", 2);
			declared.put(pair[0], (pair.length > 1) ? pair[1] : null);
		}
		assertThat(declared).as("ARGs of %s", SERVICES_DOCKERFILE).containsOnlyKeys("MODULE", "PORT");
		Map<String, String> given = Repository.buildArgs(module);
		assertThat(declared.keySet()).as("build args compose gives %s", module).containsAll(given.keySet());
		declared.forEach((name, fallback) -> {
			if (fallback == null) {
				assertThat(given).as("build args compose gives %s", module).containsKey(name);
			}
		});
	}

	@ParameterizedTest
	@MethodSource("services")
	void buildsInStagesAndOnlyItsOwnModule(String module) {
		List<List<Instruction>> stages = image(module);
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
		assertThat(instructions(image(module), "COPY")).as("COPY of %s", jar)
			.anyMatch((copy) -> copy.flags().containsKey("from") && copy.arguments().get(0).endsWith(jar));
	}

	@ParameterizedTest
	@MethodSource("services")
	void extractsTheLayeredJarWithTheToolsJarmode(String module) {
		assertThat(commands(instructions(image(module), "RUN"), "RUN")).as(module)
			.anyMatch((run) -> run.contains("-Djarmode=tools") && run.contains("extract --layers --launcher"));
	}

	@ParameterizedTest
	@MethodSource("services")
	void runtimeStageCopiesTheLayersLeastChangedFirst(String module) {
		List<String> copied = new ArrayList<>();
		for (Instruction copy : last(image(module))) {
			if (copy.keyword().equals("COPY") && copy.flags().containsKey("from")) {
				String source = copy.arguments().get(0).replaceAll("/$", "");
				copied.add(source.substring(source.lastIndexOf('/') + 1));
			}
		}
		assertThat(copied).as(module).containsExactlyElementsOf(LAYERS);
		assertThat(commands(last(image(module)), "ENTRYPOINT")).as(module)
			.anyMatch((entrypoint) -> entrypoint.endsWith("org.springframework.boot.loader.launch.JarLauncher"));
	}

	@Test
	void finalStagesRunAsANonRootUser() {
		Map<String, List<Instruction>> finalStages = new HashMap<>();
		finalStages.put(MIGRATIONS_DOCKERFILE, last(raw(MIGRATIONS_DOCKERFILE)));
		Repository.SERVICES.forEach((module) -> finalStages.put(module, last(image(module))));
		finalStages.forEach((image, stage) -> {
			List<String> users = commands(stage, "USER");
			assertThat(users).as("USER in the final stage of %s", image).isNotEmpty();
			String uid = users.get(users.size() - 1).split(":")[0];
			assertThat(uid).as("the user of %s", image).matches("\\d+").isNotEqualTo("0");
		});
	}

	@ParameterizedTest
	@MethodSource("services")
	void exposesThePortTheServiceListensOn(String module) {
		assertThat(commands(last(image(module)), "EXPOSE")).as(module)
			.containsExactly(String.valueOf(ServiceConfig.of(module).port()));
	}

	@Test
	void migrationsImageCarriesDbMigrations() {
		List<List<Instruction>> stages = raw(MIGRATIONS_DOCKERFILE);
		assertThat(stages).hasSize(1);
		assertThat(stages.get(0).get(0).arguments().get(0)).startsWith("flyway/flyway:");
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

	/** The Dockerfile's stages as written. */
	private static List<List<Instruction>> raw(String file) {
		return stages(file, null);
	}

	/** The services' Dockerfile's stages as docker-compose.yml builds {@code module}. */
	private static List<List<Instruction>> image(String module) {
		return stages(SERVICES_DOCKERFILE, Repository.buildArgs(module));
	}

	/**
	 * @param buildArgs when not null, {@code $NAME} and {@code ${NAME}} are replaced as
	 * Docker replaces them: only after an {@code ARG NAME} in the same stage (or before
	 * the first FROM, for FROM lines), by the build argument or else the ARG's default
	 */
	private static List<List<Instruction>> stages(String file, Map<String, String> buildArgs) {
		List<List<Instruction>> stages = new ArrayList<>();
		Map<String, String> global = new HashMap<>();
		Map<String, String> scope = global;
		for (JsonNode node : parsed.get(file).get("instructions")) {
			Instruction instruction = Instruction.of(node);
			String keyword = instruction.keyword();
			if (buildArgs != null) {
				instruction = instruction.substituted(keyword.equals("FROM") ? global : scope);
			}
			if (keyword.equals("FROM")) {
				stages.add(new ArrayList<>());
				scope = new HashMap<>();
			}
			else if (keyword.equals("ARG")) {
				String[] pair = instruction.arguments().get(0).split("=", 2);
				String fallback = (pair.length > 1) ? pair[1] : null;
				String value = (buildArgs != null) ? buildArgs.getOrDefault(pair[0], fallback) : null;
				if (value != null) {
					scope.put(pair[0], value);
				}
			}
			else {
				assertThat(stages).as("%s starts with FROM", file).isNotEmpty();
			}
			if (!stages.isEmpty()) {
				stages.get(stages.size() - 1).add(instruction);
			}
		}
		return stages;
	}

	private static List<Instruction> last(List<List<Instruction>> stages) {
		return stages.get(stages.size() - 1);
	}

	private static List<Instruction> instructions(List<List<Instruction>> stages, String keyword) {
		return stages.stream()
			.flatMap(List::stream)
			.filter((instruction) -> instruction.keyword().equals(keyword))
			.toList();
	}

	/**
	 * Each instruction of the keyword as one line: its JSON-form arguments, else its
	 * words.
	 */
	private static List<String> commands(List<Instruction> instructions, String keyword) {
		return instructions.stream()
			.filter((instruction) -> instruction.keyword().equals(keyword))
			.map((instruction) -> String.join(" ",
					instruction.json().isEmpty() ? instruction.arguments() : instruction.json()))
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

	/** One instruction as dockerfile-ast reads it. */
	private record Instruction(String keyword, Map<String, String> flags, List<String> arguments, List<String> json) {

		static Instruction of(JsonNode node) {
			Map<String, String> flags = new HashMap<>();
			node.path("flags")
				.properties()
				.forEach(
						(flag) -> flags.put(flag.getKey(), flag.getValue().isNull() ? "" : flag.getValue().asString()));
			return new Instruction(node.get("keyword").asString(), flags, strings(node.get("arguments")),
					strings(node.get("json")));
		}

		Instruction substituted(Map<String, String> args) {
			Map<String, String> substitutedFlags = new HashMap<>();
			this.flags.forEach((name, value) -> substitutedFlags.put(name, substitute(value, args)));
			return new Instruction(this.keyword, substitutedFlags,
					this.arguments.stream().map((word) -> substitute(word, args)).toList(),
					this.json.stream().map((word) -> substitute(word, args)).toList());
		}

		private static String substitute(String text, Map<String, String> args) {
			Matcher variable = VARIABLE.matcher(text);
			StringBuilder result = new StringBuilder();
			while (variable.find()) {
				String name = (variable.group(1) != null) ? variable.group(1) : variable.group(2);
				variable.appendReplacement(result, Matcher.quoteReplacement(args.getOrDefault(name, variable.group())));
			}
			return variable.appendTail(result).toString();
		}

		private static List<String> strings(JsonNode words) {
			List<String> strings = new ArrayList<>();
			words.forEach((word) -> strings.add(word.asString()));
			return strings;
		}

	}

}
