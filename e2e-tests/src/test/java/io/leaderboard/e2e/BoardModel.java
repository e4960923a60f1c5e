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

	private final Map<Long, Entry> entries = new LinkedHashMap<>();

	private final Set<Long> hidden = new HashSet<>();

	BoardModel(String id, boolean ascending, String operator) {
		this.id = id;
		this.ascending = ascending;
		this.operator = operator;
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

}
