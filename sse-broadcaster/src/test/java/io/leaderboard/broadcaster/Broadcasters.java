package io.leaderboard.broadcaster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.leaderboard.testsupport.Redis;
import io.leaderboard.testsupport.TestInfrastructure;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Broadcaster instances on real Redis and Kafka, started the way the tests need them. */
public final class Broadcasters {

	private Broadcasters() {
	}

	/**
	 * Starts an instance on a free port; {@code settings} (command-line arguments, which
	 * outrank application.yml as the services' own env vars do) come last.
	 */
	public static ConfigurableApplicationContext start(Redis redis, String... settings) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port(), "--spring.data.redis.database=" + redis.database(),
				"--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers()));
		arguments.addAll(List.of(settings));
		return new SpringApplicationBuilder(BroadcasterApplication.class).run(arguments.toArray(String[]::new));
	}

	public static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	public static boolean ready(int port) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
