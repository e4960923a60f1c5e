package io.leaderboard.api.leaderboard;

import io.leaderboard.events.EventCodec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CodecConfiguration {

	@Bean
	EventCodec eventCodec() {
		return new EventCodec();
	}

}
