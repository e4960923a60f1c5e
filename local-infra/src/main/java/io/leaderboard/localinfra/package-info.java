/**
 * What {@code bin/local-stack} runs when the machine has no PostgreSQL or Redis: real
 * servers shipped as Maven artifacts, so a JDK and Maven are all a developer needs.
 */
package io.leaderboard.localinfra;
