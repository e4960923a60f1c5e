/**
 * Auto-configuration shared by the services that talk to Kafka. Spring Boot 4 ships no
 * Kafka health indicator, and readiness must include the broker. Token verification and
 * the security chain are in {@code security}.
 */
package io.leaderboard.support;
