package io.leaderboard.projection.layout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.leaderboard.events.BoardShards;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The shards of each board, asked of PostgreSQL once. A board's shards cannot change once
 * it holds scores (the api-service refuses it), and the projector asks only about boards
 * that do, so a declared board is kept for good. A board without a definition counts as
 * one shard, and is asked about again after a few seconds: it may be created yet.
 */
@Component
public class BoardLayouts {

	/** How long a board not declared yet counts as one shard without asking again. */
	static final Duration UNDECLARED_KEPT = Duration.ofSeconds(3);

	private final DeclaredShards declared;

	private final Clock clock;

	private final Map<String, BoardShards> known = new ConcurrentHashMap<>();

	private final Map<String, Instant> undeclared = new ConcurrentHashMap<>();

	@Autowired
	public BoardLayouts(DeclaredShards declared) {
		this(declared, Clock.systemUTC());
	}

	BoardLayouts(DeclaredShards declared, Clock clock) {
		this.declared = declared;
		this.clock = clock;
	}

	/**
	 * The board's shards. PostgreSQL being away is thrown for a board not known yet: a
	 * guess could put entries in the wrong keys, so the caller retries.
	 */
	public BoardShards of(String board) {
		BoardShards shards = this.known.get(board);
		if (shards != null) {
			return shards;
		}
		Instant now = this.clock.instant();
		Instant until = this.undeclared.get(board);
		if (until != null && now.isBefore(until)) {
			return BoardShards.single(board);
		}
		return this.declared.declared(board).map((found) -> {
			this.known.put(board, found);
			this.undeclared.remove(board);
			return found;
		}).orElseGet(() -> {
			this.undeclared.put(board, now.plus(UNDECLARED_KEPT));
			return BoardShards.single(board);
		});
	}

}
