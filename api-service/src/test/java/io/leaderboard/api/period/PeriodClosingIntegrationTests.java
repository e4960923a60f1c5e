package io.leaderboard.api.period;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.PeriodClosed;
import io.leaderboard.events.PeriodResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing ended periods against the real PostgreSQL, with the service's clock moved
 * across a reset. Each closer here stands for one api-service instance.
 */
class PeriodClosingIntegrationTests extends ApiTestBase {

	private static final EventCodec codec = new EventCodec();

	@Autowired
	private PeriodClosing closing;

	@Autowired
	private PeriodsProperties properties;

	@Test
	void twoInstancesRacingCloseAPeriodOnceWithOneEvent() throws Exception {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
		this.clock.set(Instant.parse("2026-11-22T12:00:00Z"));
		submit("daily", "alice", 50);
		submit("daily", "bob", 70);
		this.clock.set(Instant.parse("2026-11-23T00:00:10Z"));

		CyclicBarrier together = new CyclicBarrier(2);
		PeriodCloser first = newInstance();
		PeriodCloser second = newInstance();
		List<Callable<List<PeriodClosed>>> racing = List.of(() -> {
			together.await();
			return first.closeDue();
		}, () -> {
			together.await();
			return second.closeDue();
		});
		ExecutorService threads = Executors.newFixedThreadPool(2);
		List<PeriodClosed> closed;
		try {
			closed = threads.invokeAll(racing).stream().flatMap((result) -> join(result).stream()).toList();
		}
		finally {
			threads.shutdown();
		}

		assertThat(closed).singleElement().satisfies((event) -> {
			assertThat(event.period()).isEqualTo("2026-11-22");
			assertThat(event.nextPeriod()).isEqualTo("2026-11-23");
			assertThat(event.revision()).isEqualTo(1);
			assertThat(event.closedAt()).isEqualTo(Instant.parse("2026-11-23T00:00:10Z"));
		});
		assertThat(newInstance().closeDue()).isEmpty();
		assertThat(periodEvents()).singleElement().isEqualTo(closed.get(0));
		assertThat(this.jdbc.sql("SELECT count(*) FROM closed_periods").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aSubmissionAcceptedBeforeTheResetAndWrittenWithinTheGraceCounts() {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
		PeriodCloser closer = newInstance();
		this.clock.set(Instant.parse("2026-11-22T23:59:59.500Z"));
		submit("daily", "alice", 10);

		this.clock.set(Instant.parse("2026-11-23T00:00:05Z"));
		assertThat(closer.closeDue()).isEmpty();
		assertThat(this.http.get("/leaderboards/daily/periods/2026-11-22/results").status()).isEqualTo(404);
		// accepted just before midnight, its batch committed after it: the clock the
		// submission reads is the one that decides its period
		this.clock.set(Instant.parse("2026-11-22T23:59:59.900Z"));
		submit("daily", "bob", 20);
		this.clock.set(Instant.parse("2026-11-23T00:00:10Z"));

		assertThat(closer.closeDue()).singleElement().satisfies((event) -> {
			assertThat(event.players()).isEqualTo(2);
			assertThat(event.top()).extracting(PeriodResult::nickName).containsExactly("bob", "alice");
		});
	}

	@Test
	void tiedPlayersShareARankAndHiddenPlayersAreLeftOut() {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
		this.clock.set(Instant.parse("2026-11-22T12:00:00Z"));
		submit("daily", "alice", 70);
		submit("daily", "bob", 70);
		submit("daily", "cleo", 50);
		submit("daily", "cheater", 900);
		assertThat(this.http.put("/admin/leaderboards/daily/hidden/4", admin()).status()).isEqualTo(204);
		this.clock.set(Instant.parse("2026-11-23T00:00:10Z"));

		PeriodClosed event = newInstance().closeDue().get(0);

		assertThat(event.top()).extracting(PeriodResult::nickName).containsExactly("alice", "bob", "cleo");
		assertThat(event.top()).extracting(PeriodResult::rank).containsExactly(1L, 1L, 3L);
		assertThat(event.players()).isEqualTo(3);
		var results = this.http.get("/leaderboards/daily/periods/2026-11-22/results").json();
		assertThat(names(results.get("entries"))).containsExactly("alice", "bob", "cleo");
		assertThat(ranks(results.get("entries"))).containsExactly(1L, 1L, 3L);
		assertThat(results.get("revision").asLong()).isEqualTo(1);
	}

	@Test
	void eachPlayersFinalTierCohortAndRankInItAreKeptWithTheirResult() {
		defineBoard("daily", """
				{"sortOrder":"desc","operator":"best","resetSchedule":"daily","cohortSize":2,
				 "tiers":[{"name":"gold","topRank":1},{"name":"silver"}]}
				""");
		this.clock.set(Instant.parse("2026-11-22T12:00:00Z"));
		submit("daily", "p1", 10);
		submit("daily", "p2", 20);
		submit("daily", "p3", 30);
		submit("daily", "p4", 5);
		this.clock.set(Instant.parse("2026-11-23T00:00:10Z"));

		List<PeriodClosed> closed = newInstance().closeDue();

		assertThat(closed).hasSize(1);
		assertThat(closed.get(0).top()).extracting(PeriodResult::tier)
			.containsExactly("gold", "gold", "silver", "silver");
		JsonNode page = this.http.get("/leaderboards/daily/periods/2026-11-22/results").json().get("entries");
		assertThat(page.findValuesAsString("tier")).containsExactly("gold", "gold", "silver", "silver");

		assertThat(this.jdbc.sql("""
				SELECT u.subject || ' ' || r.rank || ' ' || r.cohort || ' ' || r.cohort_rank || ' ' || r.tier
				FROM period_results r JOIN users u ON u.id = r.user_id ORDER BY r.position
				""").query(String.class).list()).containsExactly("p3 1 2 1 gold", "p2 2 1 1 gold", "p1 3 1 2 silver",
				"p4 4 2 2 silver");
		JsonNode result = this.http.get("/leaderboards/daily/users/1/results").json().get("entries").get(0);
		assertThat(result.get("tier").asString()).isEqualTo("silver");
		assertThat(result.get("cohort").asString()).isEqualTo("1");
		assertThat(result.get("cohortRank").asLong()).isEqualTo(2);
	}

	@Test
	void theResultsOfASubscoreBoardAreRankedAndShownByThePair() {
		defineBoard("daily", """
				{"sortOrder":"desc","operator":"best","resetSchedule":"daily","subscore":{"sortOrder":"asc"}}
				""");
		this.clock.set(Instant.parse("2026-11-22T12:00:00Z"));
		submitWithSubscore("alice", 10, 7);
		submitWithSubscore("bob", 10, 3);
		submitWithSubscore("cleo", 10, 3);
		this.clock.set(Instant.parse("2026-11-23T00:00:10Z"));

		List<PeriodClosed> closed = newInstance().closeDue();

		assertThat(closed.get(0).top()).extracting((result) -> result.rank() + " " + result.subscore())
			.containsExactly("1 3", "1 3", "3 7");
		JsonNode page = this.http.get("/leaderboards/daily/periods/2026-11-22/results").json().get("entries");
		assertThat(names(page)).containsExactly("bob", "cleo", "alice");
		assertThat(page.findValues("subscore")).extracting(JsonNode::asLong).containsExactly(3L, 3L, 7L);
	}

	private void submitWithSubscore(String player, long score, long subscore) {
		assertThat(this.http
			.postJson("/leaderboards/daily/scores", "{\"score\":" + score + ",\"subscore\":" + subscore + "}",
					this.http.token(player, player))
			.status()).isEqualTo(200);
	}

	@Test
	void aPlainBoardsResultsHaveNoTierNorCohort() {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
		this.clock.set(Instant.parse("2026-11-22T12:00:00Z"));
		submit("daily", "alice", 10);
		this.clock.set(Instant.parse("2026-11-23T00:00:10Z"));

		assertThat(newInstance().closeDue()).hasSize(1);

		JsonNode result = this.http.get("/leaderboards/daily/users/1/results").json().get("entries").get(0);
		assertThat(result.has("tier")).isFalse();
		assertThat(result.has("cohort")).isFalse();
		assertThat(result.has("cohortRank")).isFalse();
	}

	@Test
	void aPeriodNobodyScoredInIsNotClosed() {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
		this.clock.set(Instant.parse("2026-11-23T00:00:10Z"));

		assertThat(newInstance().closeDue()).isEmpty();
		assertThat(periodEvents()).isEmpty();
	}

	@Test
	void aCorrectionFreezesTheResultsAgainAsTheNextRevision() {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
		this.clock.set(Instant.parse("2026-11-22T12:00:00Z"));
		submit("daily", "alice", 70);
		submit("daily", "bob", 50);
		this.clock.set(Instant.parse("2026-11-23T00:00:10Z"));
		newInstance().closeDue();
		this.jdbc.sql("DELETE FROM board_scores WHERE user_id = 1").update();

		PeriodClosed corrected = this.closing.reclose(this.catalog.require("daily"), "2026-11-22").orElseThrow();

		assertThat(corrected.revision()).isEqualTo(2);
		assertThat(corrected.top()).extracting(PeriodResult::nickName).containsExactly("bob");
		assertThat(periodEvents()).extracting(PeriodClosed::revision).containsExactly(1L, 2L);
		var results = this.http.get("/leaderboards/daily/periods/2026-11-22/results").json();
		assertThat(results.get("revision").asLong()).isEqualTo(2);
		assertThat(names(results.get("entries"))).containsExactly("bob");
	}

	private PeriodCloser newInstance() {
		return new PeriodCloser(this.catalog, this.closing, this.jdbc, this.clock, this.properties);
	}

	private List<PeriodClosed> periodEvents() {
		return this.jdbc
			.sql("SELECT payload::text FROM score_events_outbox WHERE event_type = 'PeriodClosed' ORDER BY id")
			.query(String.class)
			.list()
			.stream()
			.map((payload) -> codec.periodClosed(payload.getBytes(StandardCharsets.UTF_8)))
			.toList();
	}

	private static <T> T join(Future<T> result) {
		try {
			return result.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
