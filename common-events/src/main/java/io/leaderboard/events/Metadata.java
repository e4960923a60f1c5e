package io.leaderboard.events;

import tools.jackson.databind.JsonNode;

/** The free-form JSON object a game attaches to a score. */
public final class Metadata {

	/** The largest metadata object accepted, as compact JSON in UTF-8. */
	public static final int MAX_BYTES = 1024;

	private Metadata() {
	}

	/** JSON {@code null} and a missing value are the same: no metadata. */
	public static JsonNode orNull(JsonNode metadata) {
		return (metadata == null || metadata.isNull() || metadata.isMissingNode()) ? null : metadata;
	}

}
