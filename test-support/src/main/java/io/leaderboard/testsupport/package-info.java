/**
 * Where integration tests get real PostgreSQL, Redis and Kafka from, decided once per
 * JVM: URLs in the environment first, then Testcontainers where Docker runs, then
 * embedded servers (zonky PostgreSQL, embedded Redis, spring-kafka-test's KRaft broker);
 * the identity provider whose tokens they send ({@link TestTokens}); and a Kafka node as
 * a process of its own ({@link KafkaProcess}), for a test that stops it or configures it
 * as bin/local-stack does.
 */
package io.leaderboard.testsupport;
