/**
 * What {@code bin/local-stack} runs when the machine has no PostgreSQL or Redis: real
 * servers shipped as Maven artifacts, so a JDK and Maven are all a developer needs; and
 * the setup steps of the servers it runs (the services' roles, the Kafka node's
 * configuration, its users and ACLs).
 */
package io.leaderboard.localinfra;
