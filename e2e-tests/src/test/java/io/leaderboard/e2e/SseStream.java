package io.leaderboard.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A spectator's SSE connection, read in the background. */
final class SseStream implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final CompletableFuture<?> reading;

	SseStream(int port) {
		this(port, "/events");
	}

	SseStream(int port, String path) {
		this.reading = HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofLines())
			.thenAccept((response) -> CompletableFuture.runAsync(() -> response.body().forEach(this.lines::add)));
	}

	/** Every line so far, comments too. */
	List<String> lines() {
		return List.copyOf(this.lines);
	}

	/** The data of every event of that name so far, parsed. */
	List<JsonNode> events(String name) {
		List<String> all = List.copyOf(this.lines);
		List<JsonNode> events = new ArrayList<>();
		for (int i = 0; i + 1 < all.size(); i++) {
			if (all.get(i).equals("event:" + name) && all.get(i + 1).startsWith("data:")) {
				events.add(json.readTree(all.get(i + 1).substring("data:".length())));
			}
		}
		return events;
	}

	/** The top of the newest event, snapshot or update. */
	JsonNode latestTop() {
		List<JsonNode> updates = events("update");
		if (!updates.isEmpty()) {
			return updates.get(updates.size() - 1).get("top");
		}
		List<JsonNode> snapshots = events("snapshot");
		return snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1).get("top");
	}

	@Override
	public void close() {
		this.reading.cancel(true);
	}

}
