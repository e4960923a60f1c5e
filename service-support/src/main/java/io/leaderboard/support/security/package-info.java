/**
 * Who may call a service: bearer JWTs verified one way in every service (keys, issuer,
 * audience, subject), and one lean stateless chain that keeps the operations endpoints
 * for tokens with the {@code leaderboard:admin} scope.
 */
package io.leaderboard.support.security;
