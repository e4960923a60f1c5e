package io.leaderboard.projection.layout;

import java.util.Optional;

import io.leaderboard.events.BoardShards;

/**
 * The shards a board's definition declares, read from the source of truth. An interface
 * so that only the rebuild feature touches PostgreSQL, as the architecture asks.
 */
public interface DeclaredShards {

	/** The board's shards, empty when no board has that id. */
	Optional<BoardShards> declared(String board);

}
