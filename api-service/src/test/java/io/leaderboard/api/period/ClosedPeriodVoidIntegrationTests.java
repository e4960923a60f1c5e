package io.leaderboard.api.period;

import java.time.Instant;
import java.util.List;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A score voided after its period closed: the results are frozen again as the next
 * revision, and a corrected {@code PeriodClosed} goes out for reward services.
 */
class ClosedPeriodVoidIntegrationTests extends ApiTestBase {

	@Autowired
	private PeriodClosing closing;

	@Autowired
	private PeriodsProperties properties;

	@Test
	void aVoidInAClosedPeriodCorrectsItsResultsAsTheNextRevision() {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
		this.clock.set(Instant.parse("2026-11-20T12:00:00Z"));
		long cheat = submit("daily", "alice", 90).json().get("submissionId").asLong();
		this.clock.set(Instant.parse("2026-11-20T12:00:01Z"));
		submit("daily", "bob", 20);
		submit("daily", "cleo", 10);
		this.clock.set(Instant.parse("2026-11-21T00:00:10Z"));
		new PeriodCloser(this.catalog, this.closing, this.jdbc, this.clock, this.properties).closeDue();
		assertThat(winners()).containsExactly("alice", "bob", "cleo");

		this.clock.set(Instant.parse("2026-11-21T09:00:00Z"));
		Response voided = this.http.postJson("/admin/leaderboards/daily/submissions/" + cheat + "/void",
				"{\"reason\": \"speed hack\"}", admin());

		assertThat(voided.status()).as(voided.body()).isEqualTo(200);
		JsonNode results = this.http.get("/leaderboards/daily/periods/2026-11-20/results").json();
		assertThat(results.get("revision").asLong()).isEqualTo(2);
		assertThat(results.get("closedAt").asString()).isEqualTo("2026-11-21T09:00:00Z");
		assertThat(winners()).containsExactly("bob", "cleo");
		assertThat(results.get("entries").get(0).get("rank").asLong()).isEqualTo(1);
		List<Long> revisions = this.jdbc
			.sql("SELECT version FROM score_events_outbox WHERE event_type = 'PeriodClosed' ORDER BY id")
			.query(Long.class)
			.list();
		assertThat(revisions).containsExactly(1L, 2L);
		String corrected = this.jdbc
			.sql("SELECT payload::text FROM score_events_outbox WHERE event_type = 'PeriodClosed' AND version = 2")
			.query(String.class)
			.single();
		assertThat(corrected).contains("\"revision\": 2").contains("\"players\": 2").doesNotContain("alice");
	}

	private List<String> winners() {
		return this.http.get("/leaderboards/daily/periods/2026-11-20/results")
			.json()
			.get("entries")
			.valueStream()
			.map((entry) -> entry.get("nickName").asString())
			.toList();
	}

}
