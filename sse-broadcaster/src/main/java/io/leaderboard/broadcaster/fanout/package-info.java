/**
 * Receives every leaderboard notification (each instance on its own consumer group) and
 * keeps, per board, the latest top and a replay buffer; each update is serialised once
 * and handed to every subscriber.
 */
package io.leaderboard.broadcaster.fanout;
