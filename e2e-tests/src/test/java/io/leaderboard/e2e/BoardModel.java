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

	/** The subscore's order: true ascending, false descending, null for a plain board. */
	final Boolean subscoreAscending;

	/** 0 for a board without cohorts. */
	final int cohortSize;

	/** Best first; the last has no cutoff. Empty for a board without tiers. */
	final List<Tier> tiers;

	/** How many sorted sets the board's entries spread over: its reads must not tell. */
	final int shards;

	private final Map<Long, Entry> entries = new LinkedHashMap<>();

	private final Set<Long> hidden = new HashSet<>();

	/** user id → cohort number, in the order players were placed. */
	private final Map<Long, Integer> cohorts = new LinkedHashMap<>();

	BoardModel(String id, boolean ascending, String operator) {
		this(id, ascending, operator, null, 0, List.of());
	}

	BoardModel(String id, boolean ascending, String operator, Boolean subscoreAscending) {
		this(id, ascending, operator, subscoreAscending, 0, List.of());
	}

	BoardModel(String id, boolean ascending, String operator, int cohortSize, List<Tier> tiers) {
		this(id, ascending, operator, null, cohortSize, tiers);
	}

	BoardModel(String id, boolean ascending, String operator, Boolean subscoreAscending, int cohortSize,
			List<Tier> tiers) {
		this(id, ascending, operator, subscoreAscending, cohortSize, tiers, 1);
	}

	private BoardModel(String id, boolean ascending, String operator, Boolean subscoreAscending, int cohortSize,
			List<Tier> tiers, int shards) {
		this.id = id;
		this.ascending = ascending;
		this.operator = operator;
		this.subscoreAscending = subscoreAscending;
		this.cohortSize = cohortSize;
		this.tiers = tiers;
		this.shards = shards;
	}

	/** The same board, spread over {@code shards} sorted sets. */
	BoardModel sharded(int shards) {
		return new BoardModel(this.id, this.ascending, this.operator, this.subscoreAscending, this.cohortSize,
				this.tiers, shards);
	}

	boolean hasSubscore() {
		return this.subscoreAscending != null;
	}

	/** The board's definition as the admin API takes it. */
	String definition() {
		StringBuilder json = new StringBuilder(
				"{\"sortOrder\":\"" + (this.ascending ? "asc" : "desc") + "\",\"operator\":\"" + this.operator + "\"");
		if (hasSubscore()) {
			json.append(",\"subscore\":{\"sortOrder\":\"")
				.append(this.subscoreAscending ? "asc" : "desc")
				.append("\"}");
		}
		if (this.cohortSize > 0) {
			json.append(",\"cohortSize\":").append(this.cohortSize);
		}
		if (!this.tiers.isEmpty()) {
			json.append(",\"tiers\":").append(this.tiers.stream().map(Tier::json).toList());
		}
		if (this.shards > 1) {
			json.append(",\"shards\":").append(this.shards);
		}
		return json.append('}').toString();
	}

	/**
	 * Applies a submission; {@code order} is a global submission counter, so "reached
	 * first" is "lower order". On a subscore board a submission without a subscore counts
	 * as 0: best keeps the better pair, latest replaces both, increment adds to both, and
	 * an entry keeps the time it reached its pair while the pair is unchanged.
	 * @param subscore the submission's subscore, null for none
	 * @return the entry before, or null
	 */
	Entry submit(long userId, String name, long value, Long subscore, long order) {
		Entry before = this.entries.get(userId);
		Long sub = hasSubscore() ? (Long) ((subscore != null) ? subscore : 0L) : null;
		Entry after;
		if (before == null) {
			after = new Entry(userId, name, value, sub, order, 1);
			// the open cohort takes players in arrival order until it is full
			this.cohorts.put(userId, this.cohorts.size() / Math.max(1, this.cohortSize) + 1);
		}
		else {
			Entry candidate = new Entry(userId, name, value, sub, order, 0);
			long score;
			Long pairSub;
			switch (this.operator) {
				case "best" -> {
					boolean better = compare(candidate, before) < 0;
					score = better ? value : before.score();
					pairSub = better ? sub : before.subscore();
				}
				case "latest" -> {
					score = value;
					pairSub = sub;
				}
				default -> {
					score = before.score() + value;
					pairSub = hasSubscore() ? before.subscore() + sub : null;
				}
			}
			boolean same = score == before.score() && java.util.Objects.equals(pairSub, before.subscore());
			after = new Entry(userId, name, score, pairSub, same ? before.reached() : order, before.games() + 1);
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
		visible.sort(
				((Comparator<Entry>) this::compare).thenComparingLong(Entry::reached).thenComparingLong(Entry::userId));
		return visible;
	}

	/**
	 * 1 + the visible players other than this one with a strictly better score (pair of
	 * score and subscore on a subscore board).
	 */
	long rankOf(long userId, Entry pair) {
		return 1 + ranking().stream().filter((other) -> other.userId() != userId && compare(other, pair) < 0).count();
	}

	/** The order of pairs: below 0 when {@code a} is strictly better. */
	private int compare(Entry a, Entry b) {
		int byScore = Long.compare(stored(a.score()), stored(b.score()));
		if (byScore != 0 || !hasSubscore()) {
			return byScore;
		}
		return this.subscoreAscending ? Long.compare(a.subscore(), b.subscore())
				: Long.compare(b.subscore(), a.subscore());
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

	/**
	 * 1 + the visible players of the same cohort with a strictly better score (pair on a
	 * subscore board).
	 */
	long cohortRankOf(long userId, Entry pair) {
		return 1 + cohortRanking(userId).stream()
			.filter((other) -> other.userId() != userId && compare(other, pair) < 0)
			.count();
	}

	/**
	 * The player's tier: within the cohort on a board with cohorts, null without tiers.
	 */
	String tierOf(long userId) {
		Entry entry = this.entries.get(userId);
		long rank = hasCohorts() ? cohortRankOf(userId, entry) : rankOf(userId, entry);
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

	private long stored(long score) {
		return this.ascending ? score : -score;
	}

	record Entry(long userId, String name, long score, Long subscore, long reached, long games) {

		/** As every read lists it: "score" or "score/subscore". */
		String pair() {
			return (this.subscore != null) ? this.score + "/" + this.subscore : Long.toString(this.score);
		}

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
