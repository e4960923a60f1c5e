package io.leaderboard.deploy;

import java.util.List;
import java.util.Map;

/** Navigation in the maps and lists that the YAML and JSON parsers return. */
final class Tree {

	private Tree() {
	}

	/** The node at the path, or {@code null} when any step is missing. */
	static Object at(Object node, String... path) {
		Object current = node;
		for (String step : path) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(step);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object node, String... path) {
		Object found = at(node, path);
		return (found instanceof Map) ? (Map<String, Object>) found : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object node, String... path) {
		Object found = at(node, path);
		return (found instanceof List) ? (List<Object>) found : List.of();
	}

	static String string(Object node, String... path) {
		Object found = at(node, path);
		return (found != null) ? String.valueOf(found) : null;
	}

}
