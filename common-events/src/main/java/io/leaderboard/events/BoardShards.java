package io.leaderboard.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a board's entries live in Redis. A board with one shard keeps them in one set of
 * {@link LeaderboardKeys}, named by the board. A board bigger than one Redis primary may
 * spread them over up to {@link #MAX} shards: each player always lives in the same shard
 * (a hash of the user id, so writes spread evenly), and each shard is a whole set of keys
 * with a hash tag of its own ({@code {weekly#3}}), so shards land on different slots of a
 * Redis Cluster while everything about one player stays in one slot and one Lua call.
 *
 * <p>
 * The hash is fixed for good: the shards a board was given when it first held scores
 * decide where every projected entry lives.
 *
 * @param board the board id
 * @param count the number of shards, 1 to {@link #MAX}
 */
public record BoardShards(String board, int count) {

	/** The most shards a board may have. */
	public static final int MAX = 64;

	/**
	 * Never part of a board id ({@link Boards#ID_REGEX}), so shard names are distinct.
	 */
	private static final char SEPARATOR = '#';

	public BoardShards {
		Objects.requireNonNull(board, "board");
		if (count < 1 || count > MAX) {
			throw new IllegalArgumentException("shards must be 1 to " + MAX + ": " + count);
		}
	}

	public static BoardShards of(String board, int count) {
		return new BoardShards(board, count);
	}

	/** A board kept in one set of keys. */
	public static BoardShards single(String board) {
		return new BoardShards(board, 1);
	}

	public boolean sharded() {
		return this.count > 1;
	}

	/**
	 * The shard of a player: MurmurHash3's 64-bit finaliser of the user id, so
	 * consecutive ids spread evenly, taken modulo the shard count.
	 */
	public int of(long userId) {
		long hash = userId;
		hash ^= hash >>> 33;
		hash *= 0xff51afd7ed558ccdL;
		hash ^= hash >>> 33;
		hash *= 0xc4ceb9fe1a85ec53L;
		hash ^= hash >>> 33;
		return (int) Math.floorMod(hash, (long) this.count);
	}

	/** The name a shard's keys carry: the board itself when it has one shard. */
	public String name(int shard) {
		Objects.checkIndex(shard, this.count);
		return sharded() ? this.board + SEPARATOR + shard : this.board;
	}

	/** The keys of one shard of a period. */
	public LeaderboardKeys keys(String period, int shard) {
		return LeaderboardKeys.of(name(shard), period);
	}

	/** The keys of the shard that holds the player. */
	public LeaderboardKeys keysOf(String period, long userId) {
		return keys(period, of(userId));
	}

	/** The keys of every shard of a period, shard 0 first. */
	public List<LeaderboardKeys> all(String period) {
		List<LeaderboardKeys> keys = new ArrayList<>(this.count);
		for (int shard = 0; shard < this.count; shard++) {
			keys.add(keys(period, shard));
		}
		return keys;
	}

}
