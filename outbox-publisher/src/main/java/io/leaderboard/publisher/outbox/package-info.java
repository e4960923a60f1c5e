/**
 * Drains the transactional outbox to Kafka: a row is deleted only after the broker
 * acknowledged it, and several instances share the work without publishing a row twice or
 * reordering one player's events.
 */
package io.leaderboard.publisher.outbox;
