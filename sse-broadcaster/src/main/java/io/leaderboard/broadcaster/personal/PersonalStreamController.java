package io.leaderboard.broadcaster.personal;

import java.time.Duration;

import io.leaderboard.broadcaster.fanout.StreamMeters;
import io.leaderboard.broadcaster.fanout.RedisLookups;
import io.leaderboard.broadcaster.fanout.StreamProperties;
import io.leaderboard.events.LeaderboardKeys;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PersonalStreamController {

	private final PersonalHub hub;

	private final WatchedPlayersRegistry watchedPlayers;

	private final ReactiveStringRedisTemplate redis;

	private final StreamProperties properties;

	private final JsonMapper json = JsonMapper.builder().build();

	private final StreamMeters meters;

	PersonalStreamController(PersonalHub hub, WatchedPlayersRegistry watchedPlayers, ReactiveStringRedisTemplate redis,
			StreamProperties properties, StreamMeters meters) {
		this.hub = hub;
		this.watchedPlayers = watchedPlayers;
		this.redis = redis;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * A player's own stream. {@code ticket} comes from the api-service's
	 * {@code POST /stream-tickets} and is taken on first use.
	 */
	@CrossOrigin(origins = "*")
	@GetMapping("/me/events")
	Mono<ResponseEntity<Object>> events(@RequestParam(required = false) String ticket) {
		if (ticket == null || ticket.isBlank() || ticket.length() > 100) {
			return Mono.just(unauthorized());
		}
		return RedisLookups.toTheEnd(this.redis.opsForValue().getAndDelete(LeaderboardKeys.streamTicket(ticket)))
			.timeout(Duration.ofSeconds(2))
			.map(Long::parseLong)
			.flatMap((userId) -> this.watchedPlayers.watch(userId)
				.thenReturn(ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body((Object) stream(userId))))
			.defaultIfEmpty(unauthorized());
	}

	private Flux<ServerSentEvent<String>> stream(long userId) {
		ServerSentEvent<String> hello = ServerSentEvent.<String>builder()
			.comment("player " + userId)
			.retry(this.properties.retry())
			.build();
		Flux<ServerSentEvent<String>> events = this.hub.subscribe(userId)
			.map((data) -> ServerSentEvent.<String>builder()
				.event(this.json.readTree(data).get("type").asString())
				.data(data)
				.build());
		Flux<ServerSentEvent<String>> heartbeats = Flux.interval(this.properties.heartbeat())
			.map((tick) -> ServerSentEvent.<String>builder().comment("heartbeat").build());
		return this.meters.personal(Flux.concat(Flux.just(hello),
				events.publish((shared) -> Flux.merge(shared, heartbeats.takeUntilOther(shared.ignoreElements())))));
	}

	private static ResponseEntity<Object> unauthorized() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				"A personal stream needs a fresh ticket: POST /stream-tickets on the api-service with your bearer "
						+ "token, then open /me/events?ticket=<ticket> within 30 s. A ticket works once.");
		problem.setTitle("Unauthorized");
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
