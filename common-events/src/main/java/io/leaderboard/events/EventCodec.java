package io.leaderboard.events;

import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON codec for events and cached payloads. Unknown fields are ignored so that
 * an older consumer keeps working while producers add fields; a missing required field or
 * a wrong type fails with {@link MalformedEventException}.
 */
public final class EventCodec {

	private static final TypeReference<List<LeaderboardEntry>> ENTRIES = new TypeReference<>() {
	};

	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
		.build();

	public byte[] toBytes(Object value) {
		return this.mapper.writeValueAsBytes(value);
	}

	public String toJson(Object value) {
		return this.mapper.writeValueAsString(value);
	}

	public ScoreChanged scoreChanged(byte[] json) {
		return read(json, ScoreChanged.class);
	}

	public PlayerHidden playerHidden(byte[] json) {
		return read(json, PlayerHidden.class);
	}

	public PlayerShown playerShown(byte[] json) {
		return read(json, PlayerShown.class);
	}

	public EntryRemoved entryRemoved(byte[] json) {
		return read(json, EntryRemoved.class);
	}

	public LeaderboardChanged leaderboardChanged(byte[] json) {
		return read(json, LeaderboardChanged.class);
	}

	public PeriodClosed periodClosed(byte[] json) {
		return read(json, PeriodClosed.class);
	}

	public PlayerRankChanged playerRankChanged(byte[] json) {
		return read(json, PlayerRankChanged.class);
	}

	public PlayerDetails playerDetails(String json) {
		return read(json.getBytes(StandardCharsets.UTF_8), PlayerDetails.class);
	}

	/** Parses JSON text kept as is, such as score metadata; null stays null. */
	public JsonNode tree(String json) {
		try {
			return (json != null) ? Metadata.orNull(this.mapper.readTree(json)) : null;
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("not JSON", ex);
		}
	}

	public List<LeaderboardEntry> entries(String json) {
		try {
			return this.mapper.readValue(json, ENTRIES);
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("not a list of leaderboard entries", ex);
		}
	}

	private <T> T read(byte[] json, Class<T> type) {
		try {
			return this.mapper.readValue(json, type);
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			throw new MalformedEventException("not a valid " + type.getSimpleName(), ex);
		}
	}

}
