package io.leaderboard.deploy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka topics as common-events' {@code Topics.java} declares them, read from its
 * source so that this module needs no other module built. A topic without a partition
 * constant (score-events-dlq, score-events-replay) has one partition, as
 * projection-worker declares it.
 */
record DeclaredTopic(String name, int partitions, long retentionMs) {

	private static final String SOURCE = "common-events/src/main/java/io/leaderboard/events/Topics.java";

	private static final Pattern NAME = Pattern.compile("static final String (\\w+) = \"([^\"]+)\";");

	private static final Pattern PARTITIONS = Pattern.compile("static final int (\\w+)_PARTITIONS = (\\d+);");

	private static final Pattern RETENTION = Pattern.compile(
			"static final Duration (\\w+)_RETENTION = Duration\\.of(Millis|Seconds|Minutes|Hours|Days)\\((\\d+)\\);");

	static List<DeclaredTopic> all() {
		String source = Repository.read(SOURCE);
		Map<String, Integer> partitions = new HashMap<>();
		Matcher matcher = PARTITIONS.matcher(source);
		while (matcher.find()) {
			partitions.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
		}
		Map<String, Long> retentions = new HashMap<>();
		matcher = RETENTION.matcher(source);
		while (matcher.find()) {
			ChronoUnit unit = ChronoUnit.valueOf(matcher.group(2).toUpperCase());
			retentions.put(matcher.group(1), Duration.of(Long.parseLong(matcher.group(3)), unit).toMillis());
		}
		List<DeclaredTopic> topics = NAME.matcher(source).results().map((name) -> {
			assertThat(retentions).as("a retention for %s in Topics.java", name.group(1)).containsKey(name.group(1));
			return new DeclaredTopic(name.group(2), partitions.getOrDefault(name.group(1), 1),
					retentions.get(name.group(1)));
		}).toList();
		assertThat(topics).as("topics in " + SOURCE).hasSizeGreaterThanOrEqualTo(4);
		return topics;
	}

}
