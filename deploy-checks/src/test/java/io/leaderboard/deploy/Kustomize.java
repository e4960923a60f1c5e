package io.leaderboard.deploy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders a kustomization with the kustomize built into kubectl (the machine image ships
 * kubectl), so the overlays are checked as a cluster would receive them.
 */
final class Kustomize {

	private static final Map<String, List<Map<String, Object>>> rendered = new ConcurrentHashMap<>();

	private Kustomize() {
	}

	static List<Map<String, Object>> build(String directory) {
		return rendered.computeIfAbsent(directory, (key) -> Repository
			.yamlDocuments(
					Node.execute(List.of("kubectl", "kustomize", Repository.path(key).toString()), Repository.root()))
			.stream()
			.map((document) -> Tree.map(document))
			.toList());
	}

	static List<Map<String, Object>> ofKind(String directory, String kind) {
		return build(directory).stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	static Map<String, Object> named(String directory, String kind, String name) {
		return ofKind(directory, kind).stream()
			.filter((object) -> name.equals(Tree.string(object, "metadata", "name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + directory));
	}

}
