package io.leaderboard.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a board must show, worked out by brute force: every rule of the issue written the
 * plainest way, to compare the services against.
 */
final class BoardModel {

	final String id;

	final boolean ascending;

	final String operator;

	/** 0 for a board without cohorts. */
	final int cohortSize;

	/** Best first; the last has no cutoff. Empty for a board without tiers. */
	final List<Tier> tiers;

	private final Map<Long, Entry> entries = new LinkedHashMap<>();

	private final Set<Long> hidden = new HashSet<>();

	/** user id → cohort number, in the order players were placed. */
	private final Map<Long, Integer> cohorts = new LinkedHashMap<>();

	BoardModel(String id, boolean ascending, String operator) {
		this(id, ascending, operator, 0, List.of());
	}

	BoardModel(String id, boolean ascending, String operator, int cohortSize, List<Tier> tiers) {
		this.id = id;
		this.ascending = ascending;
		this.operator = operator;
		this.cohortSize = cohortSize;
		this.tiers = tiers;
	}

	/** The board's definition as the admin API takes it. */
	String definition() {
		StringBuilder json = new StringBuilder(
				"{\"sortOrder\":\"" + (this.ascending ? "asc" : "desc") + "\",\"operator\":\"" + this.operator + "\"");
		if (this.cohortSize > 0) {
			json.append(",\"cohortSize\":").append(this.cohortSize);
		}
		if (!this.tiers.isEmpty()) {
			json.append(",\"tiers\":").append(this.tiers.stream().map(Tier::json).toList());
		}
		return json.append('}').toString();
	}

	/**
	 * Applies a submission; {@code order} is a global submission counter, so "reached
	 * first" is "lower order".
	 * @return the entry before, or null
	 */
	Entry submit(long userId, String name, long value, long order) {
		Entry before = this.entries.get(userId);
		Entry after;
		if (before == null) {
			after = new Entry(userId, name, value, order, 1);
			// the open cohort takes players in arrival order until it is full
			this.cohorts.put(userId, this.cohorts.size() / Math.max(1, this.cohortSize) + 1);
		}
		else {
			long score = switch (this.operator) {
				case "best" -> (better(value, before.score())) ? value : before.score();
				case "latest" -> value;
				default -> before.score() + value;
			};
			long reached = (score != before.score()) ? order : before.reached();
			after = new Entry(userId, name, score, reached, before.games() + 1);
		}
		this.entries.put(userId, after);
		return before;
	}

	void hide(long userId) {
		this.hidden.add(userId);
	}

	void show(long userId) {
		this.hidden.remove(userId);
	}

	boolean isHidden(long userId) {
		return this.hidden.contains(userId);
	}

	Entry entry(long userId) {
		return this.entries.get(userId);
	}

	/** Visible entries, best first, the first to reach a score before the others. */
	List<Entry> ranking() {
		List<Entry> visible = new ArrayList<>();
		for (Entry entry : this.entries.values()) {
			if (!this.hidden.contains(entry.userId())) {
				visible.add(entry);
			}
		}
		visible.sort(Comparator.comparingLong((Entry entry) -> stored(entry.score()))
			.thenComparingLong(Entry::reached)
			.thenComparingLong(Entry::userId));
		return visible;
	}

	/** 1 + the visible players other than this one with a strictly better score. */
	long rankOf(long userId, long score) {
		return 1 + ranking().stream()
			.filter((other) -> other.userId() != userId && stored(other.score()) < stored(score))
			.count();
	}

	boolean hasCohorts() {
		return this.cohortSize > 0;
	}

	/** The player's cohort id: its number, as players without a cohortKey share them. */
	String cohortOf(long userId) {
		return Integer.toString(this.cohorts.get(userId));
	}

	/** The visible entries of the player's cohort, best first. */
	List<Entry> cohortRanking(long userId) {
		int cohort = this.cohorts.get(userId);
		return ranking().stream().filter((entry) -> this.cohorts.get(entry.userId()) == cohort).toList();
	}

	/** 1 + the visible players of the same cohort with a strictly better score. */
	long cohortRankOf(long userId, long score) {
		return 1 + cohortRanking(userId).stream()
			.filter((other) -> other.userId() != userId && stored(other.score()) < stored(score))
			.count();
	}

	/**
	 * The player's tier: within the cohort on a board with cohorts, null without tiers.
	 */
	String tierOf(long userId) {
		Entry entry = this.entries.get(userId);
		long rank = hasCohorts() ? cohortRankOf(userId, entry.score()) : rankOf(userId, entry.score());
		long ranked = hasCohorts() ? cohortRanking(userId).size() : ranking().size();
		for (Tier tier : this.tiers) {
			// top p% of n: the ranks r with r / n <= p / 100
			if ((tier.topPercent() != null && rank * 100.0 <= tier.topPercent() * ranked)
					|| (tier.topRank() != null && rank <= tier.topRank())
					|| (tier.minScore() != null && stored(entry.score()) <= stored(tier.minScore()))
					|| (tier.topPercent() == null && tier.topRank() == null && tier.minScore() == null)) {
				return tier.name();
			}
		}
		return null;
	}

	/** Nearest-rank quantile of the visible scores, by value. */
	Long quantile(int percent) {
		List<Long> values = ranking().stream().map(Entry::score).sorted().toList();
		if (values.isEmpty()) {
			return null;
		}
		int k = (int) Math.ceil(percent * values.size() / 100.0) - 1;
		return values.get(Math.max(0, k));
	}

	private boolean better(long candidate, long current) {
		return stored(candidate) < stored(current);
	}

	private long stored(long score) {
		return this.ascending ? score : -score;
	}

	record Entry(long userId, String name, long score, long reached, long games) {

	}

	/** A tier: a name and at most one cutoff. */
	record Tier(String name, Double topPercent, Long topRank, Long minScore) {

		String json() {
			String cutoff = (this.topPercent != null) ? ",\"topPercent\":" + this.topPercent : (this.topRank != null)
					? ",\"topRank\":" + this.topRank : (this.minScore != null) ? ",\"minScore\":" + this.minScore : "";
			return "{\"name\":\"" + this.name + "\"" + cutoff + "}";
		}

	}

}
