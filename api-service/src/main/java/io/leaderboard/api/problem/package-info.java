/**
 * Every error as {@code application/problem+json} (RFC 9457): bad input is a clear 4xx,
 * an unreachable database a 503 with {@code Retry-After}, never a stack trace.
 */
package io.leaderboard.api.problem;
