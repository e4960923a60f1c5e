/**
 * Where a board's entries live in Redis: in one set of keys, or spread over the shards
 * its definition in PostgreSQL declares. Every part of the projector that touches a
 * board's ranking asks here first.
 */
package io.leaderboard.projection.layout;
