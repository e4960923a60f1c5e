package io.leaderboard.api.moderation;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.PlayerHidden;
import io.leaderboard.events.PlayerShown;
import io.leaderboard.events.SortOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A moderation decision is a row in {@code hidden_players} and its event in the outbox,
 * nothing else: the projection worker alone moves the player in Redis.
 */
class ModerationIntegrationTests extends ApiTestBase {

	private final EventCodec codec = new EventCodec();

	@BeforeEach
	void board() {
		defineBoard("cup", "{\"sortOrder\":\"asc\",\"operator\":\"best\"}");
		submit("cup", "ann", 300);
		submit("cup", "ben", 200);
		this.projection.sync();
	}

	@Test
	void hidingWritesTheDecisionAndAPlayerHiddenEventAndLeavesRedisToTheProjector() {
		Map<String, String> before = projectionKeys();

		assertThat(this.http.put("/admin/leaderboards/cup/hidden/1", admin()).status()).isEqualTo(204);

		assertThat(hiddenPlayers()).containsExactly("cup/1");
		List<Row> events = moderationEvents();
		assertThat(events).hasSize(1);
		Row row = events.get(0);
		assertThat(row.eventType()).isEqualTo("PlayerHidden");
		assertThat(row.userId()).isEqualTo(1);
		assertThat(row.score()).isNull();
		PlayerHidden event = this.codec.playerHidden(row.payload().getBytes(StandardCharsets.UTF_8));
		assertThat(event)
			.extracting(PlayerHidden::schemaVersion, PlayerHidden::board, PlayerHidden::sortOrder, PlayerHidden::userId)
			.containsExactly(PlayerHidden.SCHEMA_VERSION, "cup", SortOrder.ASC, 1L);
		assertThat(event.version()).isEqualTo(row.version());
		assertThat(projectionKeys()).isEqualTo(before);
	}

	@Test
	void showingWritesAPlayerShownEventWithAHigherVersion() {
		assertThat(this.http.put("/admin/leaderboards/cup/hidden/2", admin()).status()).isEqualTo(204);
		Map<String, String> before = projectionKeys();

		assertThat(this.http.delete("/admin/leaderboards/cup/hidden/2", admin()).status()).isEqualTo(204);

		assertThat(hiddenPlayers()).isEmpty();
		List<Row> events = moderationEvents();
		assertThat(events).extracting(Row::eventType).containsExactly("PlayerHidden", "PlayerShown");
		PlayerShown shown = this.codec.playerShown(events.get(1).payload().getBytes(StandardCharsets.UTF_8));
		assertThat(shown.userId()).isEqualTo(2);
		assertThat(shown.version()).isGreaterThan(events.get(0).version());
		assertThat(projectionKeys()).isEqualTo(before);
	}

	@Test
	void repeatingADecisionWritesItsEventAgainWhichTheProjectorAppliesAsANoOp() {
		assertThat(this.http.put("/admin/leaderboards/cup/hidden/1", admin()).status()).isEqualTo(204);
		assertThat(this.http.put("/admin/leaderboards/cup/hidden/1", admin()).status()).isEqualTo(204);
		assertThat(this.http.delete("/admin/leaderboards/cup/hidden/2", admin()).status()).isEqualTo(204);

		assertThat(hiddenPlayers()).containsExactly("cup/1");
		assertThat(moderationEvents()).extracting(Row::eventType)
			.containsExactly("PlayerHidden", "PlayerHidden", "PlayerShown");
		assertThat(moderationEvents()).extracting(Row::version).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void anUnknownPlayerOrBoardWritesNothing() {
		assertThat(this.http.put("/admin/leaderboards/cup/hidden/42", admin()).status()).isEqualTo(404);
		assertThat(this.http.delete("/admin/leaderboards/cup/hidden/42", admin()).status()).isEqualTo(404);
		assertThat(this.http.put("/admin/leaderboards/nope/hidden/1", admin()).status()).isEqualTo(404);

		assertThat(hiddenPlayers()).isEmpty();
		assertThat(moderationEvents()).isEmpty();
	}

	private List<String> hiddenPlayers() {
		return this.jdbc.sql("SELECT board || '/' || user_id FROM hidden_players ORDER BY board, user_id")
			.query(String.class)
			.list();
	}

	private List<Row> moderationEvents() {
		return this.jdbc.sql("""
				SELECT event_type, user_id, score, version, payload::text AS payload FROM score_events_outbox
				WHERE event_type <> 'ScoreChanged' ORDER BY id
				""")
			.query((rs, n) -> new Row(rs.getString("event_type"), rs.getLong("user_id"),
					rs.getObject("score", Long.class), rs.getLong("version"), rs.getString("payload")))
			.list();
	}

	/** Every key of the projection (not the limiter's) with a dump of its value. */
	private Map<String, String> projectionKeys() {
		Map<String, String> keys = new TreeMap<>();
		for (String key : this.redis.keys("leaderboard:{*")) {
			byte[] dump = this.redis.dump(key);
			keys.put(key, (dump != null) ? HexFormat.of().formatHex(dump) : null);
		}
		assertThat(keys).isNotEmpty();
		return keys;
	}

	private record Row(String eventType, long userId, Long score, long version, String payload) {

	}

}
