package io.leaderboard.projection.projection;

/**
 * The one way an entry is written to a period's keys, shared by the projection of events
 * and by a rebuild from PostgreSQL, so both leave exactly the same state behind.
 */
public final class EntryScript {

	/**
	 * Defines {@code write_entry(keys, user, stored, member, version, details, hidden)}:
	 * {@code keys} = {scores, hidden scores, members, players, versions}. Writes only
	 * when {@code version} is newer than the one applied, moves the entry to its new
	 * member, in the hidden ZSET when {@code hidden}; returns whether it wrote.
	 */
	public static final String WRITE_ENTRY_LUA = """
			local function write_entry(k, user, stored, member, version, details, hidden)
			  local current = redis.call('HGET', k[5], user)
			  if current and tonumber(current) >= version then return false end
			  local old = redis.call('HGET', k[3], user)
			  if old then
			    redis.call('ZREM', k[1], old)
			    redis.call('ZREM', k[2], old)
			  end
			  if hidden then redis.call('ZADD', k[2], stored, member) else redis.call('ZADD', k[1], stored, member) end
			  redis.call('HSET', k[3], user, member)
			  redis.call('HSET', k[5], user, version)
			  redis.call('HSET', k[4], user, details)
			  return true
			end
			""";

	/**
	 * Defines {@code remove_entry(keys, user)}: {@code keys} as for {@code write_entry}.
	 * Removes the player's member from both ZSETs and their fields from the three hashes,
	 * whatever the version (the caller checks it).
	 */
	public static final String REMOVE_ENTRY_LUA = """
			local function remove_entry(k, user)
			  local member = redis.call('HGET', k[3], user)
			  if member then
			    redis.call('ZREM', k[1], member)
			    redis.call('ZREM', k[2], member)
			  end
			  redis.call('HDEL', k[3], user)
			  redis.call('HDEL', k[4], user)
			  redis.call('HDEL', k[5], user)
			end
			""";

	private EntryScript() {
	}

}
