/**
 * Rate limits: token buckets in Redis, one Lua script per request, so that every
 * api-service instance counts against the same limit. Writes per player and board, reads
 * per client address; when Redis cannot answer, requests pass unlimited rather than fail.
 */
package io.leaderboard.api.ratelimit;
