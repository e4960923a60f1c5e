/**
 * Rate limits: token buckets in Redis, one Lua script per request, so that every
 * api-service instance counts against the same limit. Writes per player and board, reads
 * per client address; while Redis is slow or away, each instance counts in bounded
 * in-memory buckets holding its share of every limit.
 */
package io.leaderboard.api.ratelimit;
