package io.leaderboard.projection.layout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.leaderboard.events.BoardShards;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What the projector takes a board's shards to be, and when it asks PostgreSQL again. */
class BoardLayoutsTests {

	private final Map<String, BoardShards> definitions = new HashMap<>();

	private final List<String> asked = new ArrayList<>();

	private Instant now = Instant.parse("2026-12-04T12:00:00Z");

	private final BoardLayouts layouts = new BoardLayouts((board) -> {
		this.asked.add(board);
		if ("unreachable".equals(board)) {
			throw new DataAccessResourceFailureException("PostgreSQL is away");
		}
		return Optional.ofNullable(this.definitions.get(board));
	}, new Clock() {

		@Override
		public Instant instant() {
			return BoardLayoutsTests.this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	});

	@Test
	void aDeclaredBoardIsAskedAboutOnceForGood() {
		this.definitions.put("giant", BoardShards.of("giant", 8));

		assertThat(this.layouts.of("giant")).isEqualTo(BoardShards.of("giant", 8));
		this.now = this.now.plus(Duration.ofDays(30));
		assertThat(this.layouts.of("giant")).isEqualTo(BoardShards.of("giant", 8));

		assertThat(this.asked).containsExactly("giant");
	}

	@Test
	void aBoardNotDeclaredYetIsOneShardUntilItIsDeclared() {
		assertThat(this.layouts.of("later")).isEqualTo(BoardShards.single("later"));
		this.definitions.put("later", BoardShards.of("later", 4));
		assertThat(this.layouts.of("later")).isEqualTo(BoardShards.single("later"));

		this.now = this.now.plus(BoardLayouts.UNDECLARED_KEPT);

		assertThat(this.layouts.of("later")).isEqualTo(BoardShards.of("later", 4));
		assertThat(this.asked).containsExactly("later", "later");
	}

	@Test
	void aBoardIsNotGuessedWhilePostgresqlIsAway() {
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.layouts.of("unreachable"));
	}

}
