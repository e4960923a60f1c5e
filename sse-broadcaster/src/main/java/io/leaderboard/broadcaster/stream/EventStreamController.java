package io.leaderboard.broadcaster.stream;

import io.leaderboard.broadcaster.fanout.Frame;
import io.leaderboard.broadcaster.fanout.Hubs;
import io.leaderboard.broadcaster.fanout.StreamProperties;
import io.leaderboard.events.Boards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class EventStreamController {

	private final Hubs hubs;

	private final StreamProperties properties;

	private final Counter delivered;

	EventStreamController(Hubs hubs, StreamProperties properties, MeterRegistry meters) {
		this.hubs = hubs;
		this.properties = properties;
		this.delivered = meters.counter("leaderboard.stream.events.delivered");
	}

	/**
	 * The global board's stream. Browsers resume with the {@code Last-Event-ID} header;
	 * clients that cannot set headers may pass {@code ?lastEventId=}.
	 */
	@CrossOrigin(origins = "*")
	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> events(@RequestHeader(name = "Last-Event-ID", required = false) String header,
			@RequestParam(name = "lastEventId", required = false) String parameter) {
		Long lastEventId = parseId((header != null) ? header : parameter);
		ServerSentEvent<String> hello = ServerSentEvent.<String>builder()
			.comment("leaderboard " + Boards.GLOBAL)
			.retry(this.properties.retry())
			.build();
		Flux<ServerSentEvent<String>> frames = this.hubs.board(Boards.GLOBAL)
			.subscribe(lastEventId)
			.map(this::toEvent)
			.doOnNext((event) -> this.delivered.increment());
		Flux<ServerSentEvent<String>> heartbeats = Flux.interval(this.properties.heartbeat())
			.map((tick) -> ServerSentEvent.<String>builder().comment("heartbeat").build());
		// one subscription to the hub; the stream ends when the hub completes it
		// (shutdown),
		// heartbeats alone never keep it open
		return Flux.concat(Flux.just(hello),
				frames.publish((shared) -> Flux.merge(shared, heartbeats.takeUntilOther(shared.ignoreElements()))));
	}

	private ServerSentEvent<String> toEvent(Frame frame) {
		return ServerSentEvent.<String>builder()
			.id(Long.toString(frame.sequence()))
			.event(frame.event())
			.data(frame.data())
			.build();
	}

	private static Long parseId(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			// an id we never issued: treat the client as new
			return null;
		}
	}

}
