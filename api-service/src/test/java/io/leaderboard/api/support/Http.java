package io.leaderboard.api.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests that assert what a client sees on the wire. */
public final class Http {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	private final String base;

	public Http(int port) {
		this.base = "http://localhost:" + port;
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	public Response putJson(String path, String body, String token) {
		return send(withToken(HttpRequest.newBuilder(URI.create(this.base + path))
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json"), token));
	}

	public Response put(String path, String token) {
		return send(withToken(
				HttpRequest.newBuilder(URI.create(this.base + path)).PUT(HttpRequest.BodyPublishers.noBody()), token));
	}

	public Response delete(String path, String token) {
		return send(withToken(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE(), token));
	}

	private static HttpRequest.Builder withToken(HttpRequest.Builder request, String token) {
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	public Response postJson(String path, String body, String token) {
		return post(path, body, "application/json", token);
	}

	public Response post(String path, String body, String contentType, String token) {
		return post(path, body, contentType, token, Map.of());
	}

	/** A JSON POST with more headers, such as {@code Idempotency-Key}. */
	public Response postJson(String path, String body, String token, Map<String, String> headers) {
		return post(path, body, "application/json", token, headers);
	}

	private Response post(String path, String body, String contentType, String token, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.POST((body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		return send(request);
	}

	public String adminToken() {
		Response response = postJson("/dev/tokens", "{\"subject\":\"admin\",\"scopes\":[\"leaderboard:admin\"]}", null);
		return response.json().get("accessToken").asString();
	}

	public String token(String subject, String nickName) {
		Response response = postJson("/dev/tokens",
				"{\"subject\":\"" + subject + "\",\"nickName\":\"" + nickName + "\"}", null);
		if (response.status() != 200) {
			throw new IllegalStateException("No token: " + response);
		}
		return response.json().get("accessToken").asString();
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Response(int status, String contentType, java.net.http.HttpHeaders headers, String body) {

		public JsonNode json() {
			return json.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

}
