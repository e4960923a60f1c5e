/**
 * What one client may hold: open streams per address, boards per WebSocket, the size and
 * rate of its WebSocket messages. Over a cap it is refused clearly (429, or a close code
 * with a reason), so no client can take the memory or the event loops of the others.
 */
package io.leaderboard.broadcaster.admission;
