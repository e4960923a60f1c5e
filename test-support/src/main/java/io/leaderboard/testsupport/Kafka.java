package io.leaderboard.testsupport;

/**
 * A Kafka broker.
 *
 * @param bootstrapServers the bootstrap servers
 * @param source where the broker comes from, for the test log
 */
public record Kafka(String bootstrapServers, String source) {

}
