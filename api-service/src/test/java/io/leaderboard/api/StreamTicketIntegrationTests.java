package io.leaderboard.api;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.events.LeaderboardKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamTicketIntegrationTests extends ApiTestBase {

	@Test
	void aPlayerGetsAShortLivedTicketForTheirOwnId() {
		Response scored = submit("global", "alice", 10);

		Response ticket = this.http.postJson("/stream-tickets", "", this.http.token("alice", "Alice"));

		assertThat(ticket.status()).isEqualTo(200);
		assertThat(ticket.json().get("userId").asLong()).isEqualTo(scored.json().get("userId").asLong());
		assertThat(ticket.json().get("expiresIn").asLong()).isEqualTo(30);
		String key = LeaderboardKeys.streamTicket(ticket.json().get("ticket").asString());
		assertThat(this.redis.opsForValue().get(key)).isEqualTo(ticket.json().get("userId").asString());
		assertThat(this.redis.getExpire(key)).isBetween(1L, 30L);
		assertThat(ticket.json().get("ticket").asString()).hasSizeGreaterThanOrEqualTo(43);
	}

	@Test
	void ticketsNeedAToken() {
		Response response = this.http.postJson("/stream-tickets", "", null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

}
