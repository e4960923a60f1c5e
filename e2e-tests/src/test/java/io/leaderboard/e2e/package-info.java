/**
 * The score pipeline end to end: the four service jars as real processes against real
 * PostgreSQL, Redis and Kafka, driven the way a player and a spectator would.
 */
package io.leaderboard.e2e;
