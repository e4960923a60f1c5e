/**
 * Submission history: every accepted submission as the submit statement recorded it, read
 * newest first per player and board, and the monthly partitions that hold it, created
 * ahead and dropped whole after the retention.
 */
package io.leaderboard.api.history;
