package io.leaderboard.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The services' Kafka ACLs as {@code deploy/kafka/acls.txt} states them: per service (the
 * user name), the bindings that allow it, from any host.
 *
 * @param byService each service's bindings, in the file's order
 */
public record KafkaAcls(Map<String, List<AclBinding>> byService) {

	/**
	 * Reads the file: a line per service, {@code <service> <type>:<name>=<op>,<op>...}.
	 */
	public static KafkaAcls read(Path file) throws IOException {
		Map<String, List<AclBinding>> byService = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file)) {
			String[] words = line.strip().split("\\s+");
			if (words[0].isEmpty() || words[0].startsWith("#")) {
				continue;
			}
			List<AclBinding> bindings = byService.computeIfAbsent(words[0], (service) -> new ArrayList<>());
			for (int i = 1; i < words.length; i++) {
				bindings.addAll(bindings(words[0], words[i]));
			}
		}
		return new KafkaAcls(byService);
	}

	/** The principal Kafka gives a SCRAM user. */
	public static String principal(String user) {
		return "User:" + user;
	}

	private static List<AclBinding> bindings(String service, String rule) {
		String[] resourceAndOperations = rule.split("=", 2);
		String[] typeAndName = resourceAndOperations[0].split(":", 2);
		if (resourceAndOperations.length != 2 || typeAndName.length != 2) {
			throw new IllegalArgumentException("Not <type>:<name>=<operations>: " + rule);
		}
		ResourceType type = ResourceType.fromString(typeAndName[0]);
		String name = typeAndName[1];
		PatternType pattern = name.endsWith("*") ? PatternType.PREFIXED : PatternType.LITERAL;
		ResourcePattern resource = new ResourcePattern(type,
				(pattern == PatternType.PREFIXED) ? name.substring(0, name.length() - 1) : name, pattern);
		List<AclBinding> bindings = new ArrayList<>();
		for (String operation : resourceAndOperations[1].split(",")) {
			AclOperation allowed = AclOperation.fromString(operation.toUpperCase(Locale.ROOT));
			if (type == ResourceType.UNKNOWN || allowed == AclOperation.UNKNOWN) {
				throw new IllegalArgumentException("Unknown resource type or operation in " + rule);
			}
			bindings.add(new AclBinding(resource,
					new AccessControlEntry(principal(service), "*", allowed, AclPermissionType.ALLOW)));
		}
		return bindings;
	}

}
