/**
 * Who may write: bearer JWTs for every profile, and in the {@code local} profile a token
 * issuer with a key generated at start, so the stack runs without an identity provider.
 */
package io.leaderboard.api.auth;
