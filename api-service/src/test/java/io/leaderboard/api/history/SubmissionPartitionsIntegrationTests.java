package io.leaderboard.api.history;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.leaderboard.api.history.SubmissionPartitions.Changes;
import io.leaderboard.api.support.ApiTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionPartitionsIntegrationTests extends ApiTestBase {

	@Autowired
	SubmissionPartitions partitions;

	@AfterEach
	void partitionsOfToday() {
		this.clock.reset();
		this.partitions.maintain();
	}

	@Test
	void createsThisMonthAndTheNextTwoOnceEvenWhenInstancesRunAtTheSameTime() {
		this.clock.set(Instant.parse("2031-11-20T12:00:00Z"));

		List<Changes> runs = List
			.of(CompletableFuture.supplyAsync(this.partitions::maintain),
					CompletableFuture.supplyAsync(this.partitions::maintain))
			.stream()
			.map(CompletableFuture::join)
			.toList();
		Changes again = this.partitions.maintain();

		assertThat(runs.stream().flatMap((run) -> run.created().stream()))
			.containsExactlyInAnyOrder("submissions_2031_11", "submissions_2031_12", "submissions_2032_01");
		assertThat(again.created()).isEmpty();
		assertThat(partitionOf(Instant.parse("2032-01-31T23:59:59Z"))).isEqualTo("submissions_2032_01");
		assertThat(partitionOf(Instant.parse("2032-02-01T00:00:00Z"))).isEqualTo("submissions_default");
	}

	@Test
	void dropsWholeMonthsPastTheRetentionAndTheirSubmissionsWithThem() {
		this.clock.set(Instant.parse("2033-05-10T12:00:00Z"));
		this.partitions.maintain();
		submit("global", "alice", 1);
		this.clock.set(Instant.parse("2033-06-10T12:00:00Z"));
		submit("global", "alice", 2);
		this.clock.set(Instant.parse("2033-07-10T12:00:00Z"));
		submit("global", "alice", 3);

		// 400 days before is 2033-06-09: all of May is older, not all of June
		this.clock.set(Instant.parse("2034-07-14T12:00:00Z"));
		Changes changes = this.partitions.maintain();

		assertThat(changes.dropped()).contains("submissions_2033_05")
			.doesNotContain("submissions_2033_06", "submissions_2033_07");
		assertThat(changes.created()).containsExactly("submissions_2034_07", "submissions_2034_08",
				"submissions_2034_09");
		assertThat(this.jdbc.sql("SELECT score FROM submissions ORDER BY accepted_at").query(Long.class).list())
			.containsExactly(2L, 3L);
		assertThat(this.partitions.maintain().dropped()).isEmpty();
		assertThat(partitionOf(Instant.parse("2034-07-14T12:00:01Z"))).isEqualTo("submissions_2034_07");
	}

	@Test
	void aMonthWhoseSubmissionsSitInTheDefaultPartitionDoesNotHoldUpTheOthers() {
		// accepted before any run created March: kept by the default partition
		assertThat(partitionOf(Instant.parse("2035-03-10T12:00:00Z"))).isEqualTo("submissions_default");

		Changes changes = this.partitions.maintain();

		assertThat(changes.created()).containsExactly("submissions_2035_04", "submissions_2035_05");
		assertThat(partitionOf(Instant.parse("2035-04-01T00:00:00Z"))).isEqualTo("submissions_2035_04");
		assertThat(this.http.get("/leaderboards/global/users/1/history").json().get("entries")).hasSize(2);
	}

	/** The partition that holds a submission accepted at the instant. */
	private String partitionOf(Instant acceptedAt) {
		this.clock.set(acceptedAt);
		long id = submit("global", "alice", 1).json().get("submissionId").asLong();
		return this.jdbc.sql("SELECT CAST(tableoid AS regclass)::text FROM submissions WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.single();
	}

}
