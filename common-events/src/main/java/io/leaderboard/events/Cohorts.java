package io.leaderboard.events;

/**
 * How a period's cohorts live in Redis ({@link LeaderboardKeys#cohorts()},
 * {@link LeaderboardKeys#cohortOf()}), for the projector that writes them and the readers
 * that rank within them. A cohort holds at most 1000 players, so ranking one walks all of
 * them: the visible ones are those with a member in the period's scores ZSET, which
 * leaves hidden and removed players out without any bookkeeping of its own.
 */
public final class Cohorts {

	/**
	 * Defines {@code cohort_entries(cohorts, members, scores, cohort)}: the user ids,
	 * ZSET members and stored scores of the cohort's visible players, in no particular
	 * order, as three tables; and
	 * {@code cohort_rank(cohorts, members, scores, cohort, stored, tie)}: 1 + the
	 * cohort's visible players with a strictly better stored score (or an equal one and a
	 * better tie break: {@code tie} is the pair's member prefix, '' on a plain board),
	 * and how many visible players the cohort has. Needs {@link Rankings#BETTER_LUA}'s
	 * {@code tie_of}. A cohort id holds no '/', and '0' follows '/', so the cohort's
	 * members are exactly the range from "id/" to before "id0".
	 */
	public static final String COHORT_LUA = """
			local function cohort_entries(cohorts, members, scores, cohort)
			  local listed = redis.call('ZRANGEBYLEX', cohorts, '[' .. cohort .. '/', '(' .. cohort .. '0')
			  local users, found, stored = {}, {}, {}
			  if #listed == 0 then return users, found, stored end
			  local all = {}
			  for i, entry in ipairs(listed) do all[i] = string.sub(entry, #cohort + 2) end
			  local placed = redis.call('HMGET', members, unpack(all))
			  local with, ids = {}, {}
			  for i, member in ipairs(placed) do
			    if member then with[#with + 1] = member; ids[#ids + 1] = all[i] end
			  end
			  if #with == 0 then return users, found, stored end
			  local values = redis.call('ZMSCORE', scores, unpack(with))
			  for i, value in ipairs(values) do
			    if value then users[#users + 1] = ids[i]; found[#found + 1] = with[i]; stored[#stored + 1] = value end
			  end
			  return users, found, stored
			end
			local function cohort_rank(cohorts, members, scores, cohort, stored, tie)
			  local _, found, values = cohort_entries(cohorts, members, scores, cohort)
			  local better = 0
			  for i, value in ipairs(values) do
			    if tonumber(value) < tonumber(stored)
			        or (tonumber(value) == tonumber(stored) and tie_of(found[i]) < tie) then
			      better = better + 1
			    end
			  end
			  return 1 + better, #values
			end
			""";

	private Cohorts() {
	}

	/** The member of {@link LeaderboardKeys#cohorts()} that places a player. */
	public static String member(String cohort, long userId) {
		return cohort + "/" + userId;
	}

}
