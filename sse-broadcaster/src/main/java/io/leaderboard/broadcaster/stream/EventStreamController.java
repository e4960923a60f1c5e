package io.leaderboard.broadcaster.stream;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

import io.leaderboard.broadcaster.fanout.FrameMode;
import io.leaderboard.broadcaster.fanout.Hubs;
import io.leaderboard.broadcaster.fanout.StreamMeters;
import io.leaderboard.broadcaster.fanout.StreamProperties;
import io.leaderboard.events.Boards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.HttpHeadResponseDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class EventStreamController {

	private final Hubs hubs;

	private final StreamProperties properties;

	private static final DefaultDataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

	/** Wraps a frame's shared bytes as they are: Netty writes them without a copy. */
	private static final NettyDataBufferFactory FRAMES = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

	private final Counter delivered;

	private final JsonMapper json = JsonMapper.builder().build();

	private final StreamMeters meters;

	EventStreamController(Hubs hubs, StreamProperties properties, StreamMeters streamMeters, MeterRegistry meters) {
		this.hubs = hubs;
		this.properties = properties;
		this.meters = streamMeters;
		this.delivered = meters.counter("leaderboard.stream.events.delivered");
	}

	/**
	 * A board's stream. Browsers resume with the {@code Last-Event-ID} header; clients
	 * that cannot set headers may pass {@code ?lastEventId=}; {@code ?frames=delta} asks
	 * for delta frames.
	 */
	@CrossOrigin(origins = "*")
	@GetMapping("/leaderboards/{boardId}/events")
	Mono<Void> boardEvents(@PathVariable String boardId,
			@RequestHeader(name = "Last-Event-ID", required = false) String header,
			@RequestParam(name = "lastEventId", required = false) String parameter,
			@RequestParam(name = "frames", required = false) String frames, ServerHttpResponse response) {
		if (!Boards.isValidId(boardId)) {
			return problem(response, HttpStatus.BAD_REQUEST, "Invalid request",
					"boardId must match " + Boards.ID_REGEX);
		}
		FrameMode mode = FrameMode.of(frames);
		if (mode == null) {
			return badFrames(response);
		}
		Long lastEventId = LastEventId.of(header, parameter);
		// the status is decided before the stream starts, so a problem is plain JSON
		return this.hubs.exists(boardId)
			.flatMap((exists) -> exists ? write(response, stream(boardId, lastEventId, mode, loopOf(response)))
					: problem(response, HttpStatus.NOT_FOUND, "Board not found", "There is no board \"" + boardId
							+ "\"; GET /leaderboards on the api-service lists the boards."));
	}

	/** The global board's stream, at the seed's path. */
	@CrossOrigin(origins = "*")
	@GetMapping("/events")
	Mono<Void> events(@RequestHeader(name = "Last-Event-ID", required = false) String header,
			@RequestParam(name = "lastEventId", required = false) String parameter,
			@RequestParam(name = "frames", required = false) String frames, ServerHttpResponse response) {
		FrameMode mode = FrameMode.of(frames);
		if (mode == null) {
			return badFrames(response);
		}
		return write(response, stream(Boards.GLOBAL, LastEventId.of(header, parameter), mode, loopOf(response)));
	}

	private Mono<Void> badFrames(ServerHttpResponse response) {
		return problem(response, HttpStatus.BAD_REQUEST, "Invalid request", "frames must be " + FrameMode.CHOICES);
	}

	/**
	 * Written straight, no encoder per connection, and no publisher per event: Reactor
	 * Netty writes what arrived and flushes once its event loop is through with the task
	 * at hand, so a fan-out that hands a loop all its connections at once (the hub's
	 * dispatch) flushes each connection once, after the loop's writes.
	 */
	private static Mono<Void> write(ServerHttpResponse response, Flux<DataBuffer> body) {
		response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
		response.getHeaders().setCacheControl("no-cache");
		if (isHead(response)) {
			// a HEAD answer's writeWith would read the endless stream to count its bytes;
			// writeAndFlushWith answers with the headers at once
			return response.writeAndFlushWith(body.map(Flux::just));
		}
		return response.writeWith(body);
	}

	private static boolean isHead(ServerHttpResponse response) {
		for (ServerHttpResponse layer = response; layer != null; layer = (layer instanceof ServerHttpResponseDecorator decorator)
				? decorator.getDelegate() : null) {
			if (layer instanceof HttpHeadResponseDecorator) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The frames' own bytes, shared by every connection (a duplicate of one direct
	 * buffer, not a copy), with a greeting that sets {@code retry:} and a heartbeat
	 * comment while idle.
	 */
	private Flux<DataBuffer> stream(String board, Long lastEventId, FrameMode mode, Executor loop) {
		byte[] hello = ("retry:" + this.properties.retry().toMillis() + "\n:leaderboard " + board + "\n\n")
			.getBytes(StandardCharsets.UTF_8);
		// heartbeats come from the hub, one timer for all connections
		Flux<DataBuffer> frames = this.hubs.board(board)
			.flatMapMany((hub) -> hub.subscribe(lastEventId, mode, loop))
			.doOnNext((frame) -> {
				if (!frame.isHeartbeat()) {
					this.delivered.increment();
					this.meters.delivered(frame);
				}
			})
			.map((frame) -> (DataBuffer) FRAMES.wrap(frame.sseForOneConnection()));
		return this.meters.sse(Flux.concat(Flux.just((DataBuffer) BUFFERS.wrap(hello)), frames));
	}

	/**
	 * The event loop of the response's connection, where the hub hands the stream its
	 * frames together with the loop's other connections; null when not served by Reactor
	 * Netty.
	 */
	private static Executor loopOf(ServerHttpResponse response) {
		try {
			Object served = ServerHttpResponseDecorator.getNativeResponse(response);
			return (served instanceof Connection connection) ? connection.channel().eventLoop() : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private Mono<Void> problem(ServerHttpResponse response, HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.just(BUFFERS.wrap(this.json.writeValueAsBytes(problem))));
	}

}
