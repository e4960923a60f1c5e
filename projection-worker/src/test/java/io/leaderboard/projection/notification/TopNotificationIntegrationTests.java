package io.leaderboard.projection.notification;

import java.time.Duration;
import java.util.List;

import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
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
			await().atMost(Duration.ofSeconds(60)).until(() -> notifications.changes().size() == 1);

			// a newcomer joins the top: a change of membership, so it must not wait out
			// the 2 s window
			long sent = System.nanoTime();
			Scores.send(this.kafka, Scores.event(22, "Bob", 200, 1));
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(notifications.changes()).hasSize(2));

			assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofMillis(1900));
			List<LeaderboardChanged> changes = notifications.changes();
			assertThat(changes).allSatisfy((changed) -> assertThat(changed.membershipChanged()).isTrue());
			assertThat(changes.get(1).sequence()).isGreaterThan(changes.get(0).sequence());
			// the board's Redis keys were flushed before this test: the sequence must not
			// restart at 1
			assertThat(changes.get(0).sequence())
				.isGreaterThan(java.time.Instant.now().minusSeconds(600).toEpochMilli());
			assertThat(changes.get(1).top()).extracting(LeaderboardEntry::nickName, LeaderboardEntry::rank)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("Bob", 1L),
						org.assertj.core.groups.Tuple.tuple("Alice", 2L));
			assertThat(changes.get(1).latestScoreAt()).isNotNull();
		}
	}

	@Test
	void scoreChangesWithinTheWindowAreCoalescedIntoOneTrailingNotification() throws Exception {
		try (Notifications notifications = Notifications.leaderboardChanges()) {
			Scores.send(this.kafka, Scores.event(31, "Carol", 100, 1));
			await().atMost(Duration.ofSeconds(60)).until(() -> notifications.changes().size() == 1);

			Scores.send(this.kafka, Scores.event(31, "Carol", 200, 2));
			Scores.send(this.kafka, Scores.event(31, "Carol", 300, 3));

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				List<LeaderboardChanged> changes = notifications.changes();
				assertThat(changes.get(changes.size() - 1).top().get(0).score()).isEqualTo(300);
			});
			List<LeaderboardChanged> changes = notifications.changes();
			assertThat(changes).hasSize(2);
			assertThat(changes.get(1).membershipChanged()).isFalse();
			assertThat(Duration.between(changes.get(0).occurredAt(), changes.get(1).occurredAt()))
				.isGreaterThanOrEqualTo(Duration.ofMillis(1900));
		}
	}

}
