package io.leaderboard.projection.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.SortOrder;
import io.leaderboard.events.RankChange;
import io.leaderboard.projection.Notifications;
import io.leaderboard.projection.ProjectionIntegrationTest;
import io.leaderboard.projection.Scores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With a 2 s throttle window (see {@link ProjectionIntegrationTest}). */
@ProjectionIntegrationTest
class TopNotificationIntegrationTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		Scores.register(registry);
	}

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@BeforeEach
	void cleanSlate() {
		Scores.flush(this.redis);
	}

	@Test
	void membershipChangesAreNotifiedAtOnceWithIncreasingSequences() throws Exception {
		try (Notifications notifications = Notifications.leaderboardChanges()) {
			Scores.send(this.kafka, Scores.event(21, "Alice", 100, 1));
			LeaderboardChanged alone = await().atMost(Duration.ofSeconds(60))
				.until(() -> showing(notifications, "Alice:100"), Objects::nonNull);

			// a newcomer joins the top: a change of membership, so it must not wait out
			// the 2 s window
			long sent = System.nanoTime();
			Scores.send(this.kafka, Scores.event(22, "Bob", 200, 1));
			LeaderboardChanged overtaken = await().atMost(Duration.ofSeconds(60))
				.until(() -> showing(notifications, "Bob:200", "Alice:100"), Objects::nonNull);

			assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofMillis(1900));
			assertThat(alone.membershipChanged()).isTrue();
			assertThat(overtaken.membershipChanged()).isTrue();
			assertThat(overtaken.sequence()).isGreaterThan(alone.sequence());
			assertThat(overtaken.top()).extracting(LeaderboardEntry::rank).containsExactly(1L, 2L);
			assertThat(overtaken.period()).isEqualTo("all");
			// what a client needs to say "Bob entered at #1, Alice moved from #1 to #2"
			assertThat(overtaken.changes()).containsExactly(new RankChange(22, "Bob", null, 1L, null, 200L),
					new RankChange(21, "Alice", 1L, 2L, 100L, 100L));
			assertThat(overtaken.latestScoreAt()).isNotNull();
			// the board's Redis keys were flushed before this test: the sequence must not
			// restart at 1
			assertThat(alone.sequence()).isGreaterThan(Instant.now().minusSeconds(600).toEpochMilli());
		}
	}

	@Test
	void scoreChangesWithinTheWindowAreCoalescedIntoOneTrailingNotification() throws Exception {
		try (Notifications notifications = Notifications.leaderboardChanges()) {
			Scores.send(this.kafka, Scores.event(31, "Carol", 100, 1));
			LeaderboardChanged first = await().atMost(Duration.ofSeconds(60))
				.until(() -> showing(notifications, "Carol:100"), Objects::nonNull);

			Scores.send(this.kafka, Scores.event(31, "Carol", 200, 2));
			Scores.send(this.kafka, Scores.event(31, "Carol", 300, 3));

			LeaderboardChanged trailing = await().atMost(Duration.ofSeconds(60))
				.until(() -> showing(notifications, "Carol:300"), Objects::nonNull);
			assertThat(showing(notifications, "Carol:200")).as("held back by the throttle").isNull();
			assertThat(trailing.membershipChanged()).isFalse();
			assertThat(trailing.sequence()).isGreaterThan(first.sequence());
			assertThat(Duration.between(first.occurredAt(), trailing.occurredAt()))
				.isGreaterThanOrEqualTo(Duration.ofMillis(1900));
		}
	}

	@Test
	void aLateEventOfAPeriodThatHasResetTellsNoSpectator() throws Exception {
		try (Notifications notifications = Notifications.leaderboardChanges()) {
			Scores.send(this.kafka,
					Scores.event("nightly", "2026-11-23", SortOrder.DESC, 71, "Today", 5, 1, Instant.now()));
			await().atMost(Duration.ofSeconds(60)).until(() -> showing(notifications, "Today:5"), Objects::nonNull);

			Scores.send(this.kafka,
					Scores.event("nightly", "2026-11-22", SortOrder.DESC, 72, "Late", 9, 1, Instant.now()));
			Scores.send(this.kafka,
					Scores.event("nightly", "2026-11-23", SortOrder.DESC, 73, "Marker", 1, 1, Instant.now()));
			await().atMost(Duration.ofSeconds(60))
				.until(() -> showing(notifications, "Today:5", "Marker:1"), Objects::nonNull);

			assertThat(notifications.changes()).filteredOn((changed) -> changed.board().equals("nightly"))
				.extracting(LeaderboardChanged::period)
				.containsOnly("2026-11-23");
			assertThat(this.redis.opsForValue().get(LeaderboardKeys.of("nightly", "2026-11-22").top()))
				.contains("Late");
		}
	}

	/** The notification whose top is exactly these "name:score" entries, if any came. */
	private static LeaderboardChanged showing(Notifications notifications, String... top) {
		List<String> expected = List.of(top);
		return notifications.changes()
			.stream()
			.filter((changed) -> changed.top()
				.stream()
				.map((entry) -> entry.nickName() + ":" + entry.score())
				.toList()
				.equals(expected))
			.findFirst()
			.orElse(null);
	}

}
