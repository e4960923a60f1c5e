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

	private final Map<Long, Entry> entries = new LinkedHashMap<>();

	private final Set<Long> hidden = new HashSet<>();

	BoardModel(String id, boolean ascending, String operator) {
		this(id, ascending, operator, null);
	}

	BoardModel(String id, boolean ascending, String operator, Boolean subscoreAscending) {
		this.id = id;
		this.ascending = ascending;
		this.operator = operator;
		this.subscoreAscending = subscoreAscending;
	}

	boolean hasSubscore() {
		return this.subscoreAscending != null;
	}

	/** The definition's JSON. */
	String definition() {
		return "{\"sortOrder\":\""
				+ (this.ascending ? "asc" : "desc") + "\",\"operator\":\"" + this.operator + "\"" + (hasSubscore()
						? ",\"subscore\":{\"sortOrder\":\"" + (this.subscoreAscending ? "asc" : "desc") + "\"}" : "")
				+ "}";
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

}
