package io.leaderboard.broadcaster.socket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.broadcaster.admission.ClientLimits;
import io.leaderboard.broadcaster.fanout.Frame;
import io.leaderboard.broadcaster.fanout.FrameMode;
import io.leaderboard.broadcaster.fanout.StreamMeters;
import io.leaderboard.broadcaster.fanout.Hubs;
import io.leaderboard.broadcaster.fanout.StreamProperties;
import io.leaderboard.events.Boards;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * {@code ws://<broadcaster>/ws}. Each subscribed board feeds the socket's one outbound
 * queue with the board's already serialised frames, rate-capped and conflated per board
 * like an SSE stream. The queue is bounded: a client that stops reading is closed (1008)
 * rather than growing memory, and may resubscribe with {@code lastEventId}.
 */
@Component
class BoardSocketHandler implements WebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(BoardSocketHandler.class);

	/** Frames waiting for a slow socket, across its boards, before it is closed. */
	private static final int OUTBOUND_LIMIT = 64;

	/** Wraps shared bytes as they are: Netty writes them without a copy. */
	private static final NettyDataBufferFactory FRAMES = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

	private static final ByteBuf PING = Unpooled
		.unreleasableBuffer(Unpooled.directBuffer(1).writeByte('p').asReadOnly());

	private final Hubs hubs;

	private final JsonMapper json = JsonMapper.builder().build();

	private final StreamMeters meters;

	private final ClientLimits limits;

	/**
	 * One timer for the pings of every socket, rather than one interval per socket: each
	 * socket subscribes to the same ticks.
	 */
	private final Flux<Long> heartbeats;

	BoardSocketHandler(Hubs hubs, StreamProperties properties, StreamMeters meters, ClientLimits limits) {
		this.hubs = hubs;
		this.meters = meters;
		this.limits = limits;
		this.heartbeats = Flux.interval(properties.heartbeat()).share();
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		Sinks.Many<WebSocketMessage> outbound = Sinks.many()
			.unicast()
			.onBackpressureBuffer(Queues.<WebSocketMessage>get(OUTBOUND_LIMIT).get());
		Map<String, Disposable> boards = new ConcurrentHashMap<>();
		// the client's side ending ends ours: pings and frames stop with it
		Sinks.Empty<Void> closed = Sinks.empty();
		MessageRate rate = new MessageRate(this.limits.maxMessagesPerSecond());
		Mono<Void> inbound = session.receive()
			.filter((message) -> admitted(message, rate, session))
			.map(WebSocketMessage::getPayloadAsText)
			.doOnNext((text) -> command(text, boards, outbound, session))
			.doFinally((signal) -> closed.tryEmitEmpty())
			.then();
		Flux<WebSocketMessage> pings = this.heartbeats
			.map((tick) -> new WebSocketMessage(WebSocketMessage.Type.PING, FRAMES.wrap(PING.duplicate())));
		return session.send(this.meters.websocket(Flux.merge(outbound.asFlux(), pings).takeUntilOther(closed.asMono())))
			.and(inbound)
			.doFinally((signal) -> boards.values().forEach(Disposable::dispose));
	}

	/**
	 * A message within the caps; past one, the socket is closed with the reason (frames
	 * over the size never get here: Netty closes with 1009 first).
	 */
	private boolean admitted(WebSocketMessage message, MessageRate rate, WebSocketSession session) {
		if (rate.admit(System.nanoTime())) {
			return true;
		}
		session
			.close(CloseStatus.POLICY_VIOLATION
				.withReason("too many messages: at most " + this.limits.maxMessagesPerSecond() + " per second"))
			.subscribe();
		return false;
	}

	private void command(String text, Map<String, Disposable> boards, Sinks.Many<WebSocketMessage> outbound,
			WebSocketSession session) {
		SocketCommand command = SocketCommand.parse(this.json, text);
		if (command == null) {
			emit(outbound, error("Messages are JSON such as {\"action\":\"subscribe\",\"board\":\"global\"}"), session);
			return;
		}
		if (!Boards.isValidId(command.board())) {
			emit(outbound, error("board must match " + Boards.ID_REGEX), session);
			return;
		}
		switch (String.valueOf(command.action())) {
			case "subscribe" -> subscribe(command, boards, outbound, session);
			case "unsubscribe" -> {
				Disposable subscription = boards.remove(command.board());
				if (subscription != null) {
					subscription.dispose();
				}
			}
			default -> emit(outbound, error("action must be \"subscribe\" or \"unsubscribe\""), session);
		}
	}

	private void subscribe(SocketCommand command, Map<String, Disposable> boards, Sinks.Many<WebSocketMessage> outbound,
			WebSocketSession session) {
		String board = command.board();
		FrameMode mode = FrameMode.of(command.frames());
		if (mode == null) {
			emit(outbound, error("frames must be " + FrameMode.CHOICES), session);
			return;
		}
		if (!boards.containsKey(board) && boards.size() >= this.limits.maxSubscriptionsPerSocket()) {
			emit(outbound, error("A socket follows at most " + this.limits.maxSubscriptionsPerSocket()
					+ " boards; unsubscribe from one first"), session);
			return;
		}
		Executor loop = currentLoop();
		Disposable subscription = this.hubs.exists(board)
			.flatMapMany(
					(exists) -> exists
							? this.hubs.board(board)
								.flatMapMany((hub) -> hub.subscribe(command.lastEventId(), mode, loop))
								// sockets have pings
								.filter((frame) -> !frame.isHeartbeat())
								.doOnNext(this.meters::delivered)
								.map(BoardSocketHandler::text)
							: Flux.just(error("There is no board \"" + board + "\"")))
			.subscribe((message) -> emit(outbound, message, session));
		Disposable previous = boards.put(board, subscription);
		if (previous != null) {
			previous.dispose();
		}
	}

	/**
	 * The event loop of the socket's connection, where the hub hands it its frames
	 * together with the loop's other connections. Commands are read on that loop, so it
	 * is the current thread's; null elsewhere (then frames are handed over on the
	 * publishing thread, as before).
	 */
	private static Executor currentLoop() {
		EventExecutor current = ThreadExecutorMap.currentExecutor();
		return (current instanceof EventLoop loop && loop.inEventLoop()) ? loop : null;
	}

	/** Several boards emit from their own threads: one at a time into the queue. */
	private void emit(Sinks.Many<WebSocketMessage> outbound, WebSocketMessage message, WebSocketSession session) {
		Sinks.EmitResult result;
		synchronized (outbound) {
			result = outbound.tryEmitNext(message);
		}
		if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
			logger.info("Closing a WebSocket that stopped reading");
			session.close(CloseStatus.POLICY_VIOLATION.withReason("too slow: resubscribe with lastEventId"))
				.subscribe();
		}
	}

	/** The frame's shared text, not a string encoded again for each socket. */
	private static WebSocketMessage text(Frame frame) {
		return new WebSocketMessage(WebSocketMessage.Type.TEXT, FRAMES.wrap(frame.textForOneConnection()));
	}

	private WebSocketMessage error(String detail) {
		return new WebSocketMessage(WebSocketMessage.Type.TEXT,
				FRAMES.wrap(this.json.writeValueAsBytes(Map.of("type", "error", "detail", detail))));
	}

}
