/**
 * Where integration tests get real PostgreSQL, Redis and Kafka from, decided once per
 * JVM: URLs in the environment first, then Testcontainers where Docker runs, then
 * embedded servers (zonky PostgreSQL, embedded Redis, spring-kafka-test's KRaft broker);
 * and the identity provider whose tokens they send ({@link TestTokens}).
 */
package io.leaderboard.testsupport;
