package io.leaderboard.projection.retention;

import java.time.Instant;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.projection.ProjectionIntegrationTest;
import io.leaderboard.projection.Scores;
import io.leaderboard.projection.ShardedBoards;
import io.leaderboard.projection.rebuild.BoardRebuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cold period of a sharded board leaves Redis from every shard, its cached top with it,
 * and the entries Redis holds are counted over every shard.
 */
@ProjectionIntegrationTest
class ShardedColdPeriodEvictionIntegrationTests {

	private static final String COLD = "2026-W46";

	private static final String HOT = "2026-W47";

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		Scores.register(registry);
	}

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	BoardRebuilder rebuilder;

	@Autowired
	ColdPeriodEviction eviction;

	BoardShards giant;

	@BeforeEach
	void twoClosedWeeksInRedis() {
		Scores.flush(this.redis);
		this.jdbc.sql("TRUNCATE board_scores, hidden_players, closed_periods, users RESTART IDENTITY CASCADE").update();
		this.giant = ShardedBoards.declare(this.jdbc, "giant-weekly", 4, "weekly", null);
		for (long user = 1; user <= 12; user++) {
			ShardedBoards.player(this.jdbc, user);
			ShardedBoards.entry(this.jdbc, LeaderboardKeys.of("giant-weekly", COLD), user, user, Instant.now());
			ShardedBoards.entry(this.jdbc, LeaderboardKeys.of("giant-weekly", HOT), user, user, Instant.now());
		}
		assertThat(this.rebuilder.rebuildAll("test").complete()).isTrue();
		closed(COLD, false);
		closed(HOT, true);
	}

	@Test
	void aColdPeriodLeavesEveryShardAndTheHotOneStays() {
		assertThat(this.redis.keys("leaderboard:{giant-weekly*}:" + COLD + ":*")).isNotEmpty();
		assertThat(this.redis.hasKey(LeaderboardKeys.of("giant-weekly", COLD).top())).isTrue();

		assertThat(this.eviction.evict()).containsExactly(LeaderboardKeys.of("giant-weekly", COLD));

		assertThat(this.redis.keys("leaderboard:{giant-weekly*}:" + COLD + ":*")).isEmpty();
		for (LeaderboardKeys shard : this.giant.all(HOT)) {
			assertThat(this.redis.opsForSet().members(shard.periods())).doesNotContain(COLD);
		}
		assertThat(ShardedBoards.players(this.redis, this.giant, HOT)).isEqualTo(12);
		assertThat(this.eviction.evict()).isEmpty();
	}

	@Test
	void theEntriesOfEveryShardAreCounted() {
		assertThat(this.eviction.count()).isEqualTo(24);
		this.eviction.evict();

		assertThat(this.eviction.count()).isEqualTo(12);
	}

	private void closed(String period, boolean hot) {
		this.jdbc.sql("""
				INSERT INTO closed_periods (board, period, starts_at, ends_at, closed_at, players, hot)
				VALUES ('giant-weekly', :period, now(), now(), now(), 0, :hot)
				""").param("period", period).param("hot", hot).update();
	}

}
