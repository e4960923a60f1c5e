/**
 * This service never changes the schema: api-service (or the migration job) applies it,
 * and this service refuses to start against a schema it was not built for.
 */
package io.leaderboard.publisher.schema;
