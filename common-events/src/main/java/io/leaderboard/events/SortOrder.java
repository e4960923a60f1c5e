package io.leaderboard.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which scores rank first: the highest ({@code desc}) or the lowest ({@code asc}). */
public enum SortOrder {

	DESC, ASC;

	/** The score as Redis and PostgreSQL sort it: lower is always better. */
	public long stored(long score) {
		return (this == ASC) ? score : -score;
	}

	/** The inverse of {@link #stored(long)}. */
	public long score(long stored) {
		return (this == ASC) ? stored : -stored;
	}

	@JsonValue
	public String id() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	@JsonCreator
	public static SortOrder of(String id) {
		for (SortOrder order : values()) {
			if (order.id().equals(id)) {
				return order;
			}
		}
		throw new IllegalArgumentException("sortOrder must be \"desc\" or \"asc\"");
	}

}
