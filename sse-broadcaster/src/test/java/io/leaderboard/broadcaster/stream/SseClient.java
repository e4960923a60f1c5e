package io.leaderboard.broadcaster.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Reads an SSE stream line by line in the background, as a browser would receive it. */
final class SseClient implements AutoCloseable {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final CompletableFuture<HttpResponse<Stream<String>>> response;

	SseClient(int port, String path, String lastEventId) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		this.response = HttpClient.newHttpClient()
			.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
			.thenApply((answer) -> {
				CompletableFuture.runAsync(() -> answer.body().forEach(this.lines::add));
				return answer;
			});
	}

	List<String> lines() {
		return List.copyOf(this.lines);
	}

	/** The data lines of events of the given name, in order. */
	List<String> data(String event) {
		List<String> all = lines();
		List<String> data = new java.util.ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			if (all.get(i).equals("event:" + event) && i + 1 < all.size() && all.get(i + 1).startsWith("data:")) {
				data.add(all.get(i + 1).substring("data:".length()));
			}
		}
		return data;
	}

	List<String> ids() {
		return lines().stream().filter((line) -> line.startsWith("id:")).map((line) -> line.substring(3)).toList();
	}

	@Override
	public void close() {
		this.response.thenAccept((answer) -> answer.body().close());
		this.response.cancel(true);
	}

}
