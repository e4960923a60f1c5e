package io.leaderboard.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.leaderboard.e2e.BoardModel.Entry;
import io.leaderboard.e2e.BoardModel.Tier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random writes, with every operator, both sort orders, subscores in both orders (many
 * ties of score, so the subscore decides, and some equal pairs), many ties and
 * moderation, cohorts and tiers, boards spread over several shards, through the real
 * services; after each write every read (top pages, standings, around, ranks, stats, and
 * the board's SSE stream) must equal a brute-force model. The seed is printed, and
 * {@code -Dmodel.seed=} replays a run.
 */
class LeaderboardModelEndToEndIntegrationTests {

	private static final long SEED = Long.getLong("model.seed", System.nanoTime());

	private static final int WRITES = 150;

	private static Stack stack;

	@RegisterExtension
	static final TestWatcher logsOnFailure = Stack.logsOnFailure("Model seed: -Dmodel.seed=" + SEED);

	@BeforeAll
	static void startTheStack() {
		stack = Stack.start();
	}

	@Test
	void everyReadMatchesTheModel() throws Exception {
		Random random = new Random(SEED);
		String admin = stack.adminToken();
		List<BoardModel> boards = List.of(new BoardModel("model-best-desc", false, "best"),
				new BoardModel("model-latest-asc", true, "latest", 0,
						List.of(new Tier("gold", 30.0, null, null), new Tier("silver", null, null, 1L),
								new Tier("bronze", null, null, null))),
				new BoardModel("model-increment-desc", false, "increment"),
				new BoardModel("model-best-asc", true, "best"),
				new BoardModel("model-sub-best-desc-asc", false, "best", true),
				new BoardModel("model-sub-latest-asc-desc", true, "latest", false),
				new BoardModel("model-sub-increment-desc-desc", false, "increment", false),
				new BoardModel("model-sub-best-asc-desc", true, "best", false),
				new BoardModel("model-cohorts-desc", false, "best", 3,
						List.of(new Tier("gold", null, 1L, null), new Tier("silver", 50.0, null, null),
								new Tier("bronze", null, null, null))),
				new BoardModel("model-sharded-best-desc", false, "best").sharded(4),
				new BoardModel("model-sharded-sub-latest-asc", true, "latest", true).sharded(3));
		for (BoardModel board : boards) {
			assertThat(stack.put("/admin/leaderboards/" + board.id, board.definition(), admin)).isIn(200, 201);
		}
		Map<String, String> tokens = new LinkedHashMap<>();
		Map<String, Long> ids = new LinkedHashMap<>();
		for (int i = 1; i <= 7; i++) {
			tokens.put("m" + i, stack.token("model-" + SEED + "-" + i, "m" + i));
		}

		try (SseStream spectator = new SseStream(stack.broadcaster, "/leaderboards/model-best-desc/events");
				SseStream subscoreSpectator = new SseStream(stack.broadcaster,
						"/leaderboards/model-sub-best-desc-asc/events");
				SseStream tierSpectator = new SseStream(stack.broadcaster, "/leaderboards/model-latest-asc/events");
				SseStream shardedSpectator = new SseStream(stack.broadcaster,
						"/leaderboards/model-sharded-best-desc/events")) {
			for (int write = 1; write <= WRITES; write++) {
				BoardModel board = boards.get(random.nextInt(boards.size()));
				List<String> names = new ArrayList<>(tokens.keySet());
				String name = names.get(random.nextInt(names.size()));
				if (ids.containsKey(name) && random.nextInt(12) == 0) {
					moderate(board, ids.get(name), admin);
				}
				// few distinct values: many ties
				long value = board.operator.equals("increment") ? random.nextInt(6) - 2 : random.nextInt(5);
				// on subscore boards fewer scores, so the subscore decides; sometimes
				// none (0)
				Long subscore = null;
				if (board.hasSubscore()) {
					value = board.operator.equals("increment") ? random.nextInt(3) - 1 : random.nextInt(3);
					subscore = (random.nextInt(5) == 0) ? null : (long) (random.nextInt(5) - 2);
				}
				JsonNode answer = stack.post("/leaderboards/" + board.id + "/scores",
						"{\"score\": " + value + ((subscore != null) ? ", \"subscore\": " + subscore : "") + "}",
						tokens.get(name));
				long userId = answer.get("userId").asLong();
				ids.put(name, userId);
				Entry before = board.submit(userId, name, value, subscore, write);
				Entry after = board.entry(userId);

				String step = "write " + write + " (seed " + SEED + "): " + name + " " + value + "/" + subscore + " on "
						+ board.id;
				assertThat(pair(answer)).as(step).isEqualTo(after.pair());
				assertThat(answer.get("rank").asLong()).as(step).isEqualTo(board.rankOf(userId, after));
				if (before == null) {
					assertThat(answer.get("previousRank").isNull()).as(step).isTrue();
				}
				else {
					assertThat(answer.get("previousRank").asLong()).as(step).isEqualTo(board.rankOf(userId, before));
				}
				await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertReadsMatch(board, ids, step));
			}
			assertStreamedTop(spectator, boards.get(0));
			assertStreamedTop(subscoreSpectator, boards.get(4));
			assertStreamedTop(tierSpectator, boards.get(1));
			assertStreamedTop(shardedSpectator, boards.get(9));
		}
		for (BoardModel board : boards) {
			assertReadsMatch(board, ids, "final " + board.id);
		}
	}

	private static void assertStreamedTop(SseStream spectator, BoardModel watched) {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			List<Entry> top = watched.ranking().subList(0, Math.min(10, watched.ranking().size()));
			JsonNode streamed = spectator.latestTop();
			assertThat(summary(streamed)).isEqualTo(expectedSummary(top, watched));
			assertThat(tiers(streamed)).as("streamed tiers").isEqualTo(boardTiers(top, watched));
		});
	}

	private static void moderate(BoardModel board, long userId, String admin) throws Exception {
		String path = "/admin/leaderboards/" + board.id + "/hidden/" + userId;
		if (board.isHidden(userId)) {
			assertThat(stack.delete(path, admin)).isEqualTo(204);
			board.show(userId);
		}
		else {
			assertThat(stack.put(path, null, admin)).isEqualTo(204);
			board.hide(userId);
		}
	}

	private static void assertReadsMatch(BoardModel board, Map<String, Long> ids, String step) throws Exception {
		List<Entry> ranking = board.ranking();
		String base = "/leaderboards/" + board.id;

		// the whole board through 2-entry pages
		List<String> paged = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = stack.get(base + "/top?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""));
			paged.addAll(summary(page.get("entries")));
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
		}
		while (cursor != null);
		assertThat(paged).as(step + ": top pages").isEqualTo(expectedSummary(ranking, board));
		JsonNode top = stack.get(base + "/top?limit=1000").get("entries");
		assertThat(summary(top)).as(step + ": top").isEqualTo(expectedSummary(ranking, board));
		// tiers apply within cohorts, which the whole board's top does not show
		assertThat(tiers(top)).as(step + ": top tiers").isEqualTo(boardTiers(ranking, board));

		for (long userId : ids.values()) {
			Entry entry = board.entry(userId);
			if (entry == null || board.isHidden(userId)) {
				assertThat(stack.status(base + "/users/" + userId)).as(step + ": hidden or absent " + userId)
					.isEqualTo(404);
				continue;
			}
			long rank = board.rankOf(userId, entry);
			JsonNode standing = stack.get(base + "/users/" + userId);
			assertThat(standing.get("rank").asLong()).as(step + ": rank of " + userId).isEqualTo(rank);
			assertThat(pair(standing)).as(step).isEqualTo(entry.pair());
			assertThat(standing.get("gamesPlayed").asLong()).as(step).isEqualTo(entry.games());
			double percentile = Math.round((ranking.size() - rank + 1) * 10_000.0 / ranking.size()) / 100.0;
			assertThat(standing.get("percentile").asDouble()).as(step).isEqualTo(percentile);
			assertThat(text(standing, "tier")).as(step + ": tier of " + userId).isEqualTo(board.tierOf(userId));
			if (board.hasCohorts()) {
				assertThat(standing.get("cohort").asString()).as(step + ": cohort of " + userId)
					.isEqualTo(board.cohortOf(userId));
				assertThat(standing.get("cohortRank").asLong()).as(step + ": cohort rank of " + userId)
					.isEqualTo(board.cohortRankOf(userId, entry));
				JsonNode cohort = stack.get(base + "/users/" + userId + "/cohort");
				List<Entry> members = board.cohortRanking(userId);
				assertThat(cohort.get("cohort").asString()).as(step).isEqualTo(board.cohortOf(userId));
				assertThat(summary(cohort.get("entries"))).as(step + ": cohort of " + userId)
					.isEqualTo(members.stream()
						.map((member) -> board.cohortRankOf(member.userId(), member) + " " + member.name() + " "
								+ member.pair())
						.toList());
				assertThat(tiers(cohort.get("entries"))).as(step + ": cohort tiers of " + userId)
					.isEqualTo(members.stream().map((member) -> board.tierOf(member.userId())).toList());
			}
			else {
				assertThat(standing.has("cohort")).as(step).isFalse();
			}

			int position = ranking.indexOf(entry);
			List<Entry> around = ranking.subList(Math.max(0, position - 2), Math.min(ranking.size(), position + 3));
			JsonNode aroundEntries = stack.get(base + "/users/" + userId + "/around?radius=2").get("entries");
			assertThat(summary(aroundEntries)).as(step + ": around " + userId)
				.isEqualTo(expectedSummary(around, board));
			assertThat(tiers(aroundEntries)).as(step + ": around tiers " + userId).isEqualTo(boardTiers(around, board));
		}

		List<Long> everyone = new ArrayList<>(ids.values());
		JsonNode ranks = stack.post(base + "/ranks", "{\"userIds\":" + everyone + "}", null).get("entries");
		assertThat(summary(ranks)).as(step + ": ranks").isEqualTo(expectedSummary(ranking, board));
		assertThat(tiers(ranks)).as(step + ": ranks tiers").isEqualTo(boardTiers(ranking, board));

		JsonNode stats = stack.get(base + "/stats");
		assertThat(stats.get("players").asLong()).as(step + ": players").isEqualTo(ranking.size());
		for (int percent : new int[] { 50, 90, 99 }) {
			JsonNode quantile = stats.get("scoreQuantiles").get("p" + percent);
			Long expected = board.quantile(percent);
			assertThat(quantile.isNull() ? null : quantile.asLong()).as(step + ": p" + percent).isEqualTo(expected);
		}
	}

	/** Tiers apply within cohorts, which a whole-board list does not show. */
	private static List<String> boardTiers(List<Entry> entries, BoardModel board) {
		return entries.stream().map((entry) -> board.hasCohorts() ? null : board.tierOf(entry.userId())).toList();
	}

	private static List<String> tiers(JsonNode entries) {
		List<String> tiers = new ArrayList<>();
		entries.forEach((entry) -> tiers.add(text(entry, "tier")));
		return tiers;
	}

	private static String text(JsonNode node, String field) {
		return node.has(field) ? node.get(field).asString() : null;
	}

	/**
	 * "rank name score" per entry, in order; "score/subscore" where the entry shows a
	 * subscore.
	 */
	private static List<String> summary(JsonNode entries) {
		List<String> lines = new ArrayList<>();
		if (entries != null) {
			entries.forEach((entry) -> lines
				.add(entry.get("rank").asLong() + " " + entry.get("nickName").asString() + " " + pair(entry)));
		}
		return lines;
	}

	private static List<String> expectedSummary(List<Entry> entries, BoardModel board) {
		return entries.stream()
			.map((entry) -> board.rankOf(entry.userId(), entry) + " " + entry.name() + " " + entry.pair())
			.toList();
	}

	/** The score, and the subscore after a slash when the answer has one. */
	private static String pair(JsonNode answer) {
		JsonNode subscore = answer.get("subscore");
		return answer.get("score").asLong() + ((subscore != null && !subscore.isNull()) ? "/" + subscore.asLong() : "");
	}

}
