/**
 * Refusals the web server makes before WebFlux sees a request (a request it cannot
 * decode, a refused WebSocket handshake) are problem details like every other refusal.
 */
package io.leaderboard.broadcaster.problem;
