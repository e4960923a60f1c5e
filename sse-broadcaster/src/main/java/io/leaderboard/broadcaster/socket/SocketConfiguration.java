package io.leaderboard.broadcaster.socket;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

@Configuration(proxyBeanMethods = false)
class SocketConfiguration {

	/** Ahead of the annotated controllers. */
	@Bean
	HandlerMapping webSocketMapping(BoardSocketHandler handler) {
		return new SimpleUrlHandlerMapping(Map.<String, WebSocketHandler>of("/ws", handler), -1);
	}

}
