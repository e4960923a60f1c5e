package io.leaderboard.broadcaster;

import io.leaderboard.events.EventCodec;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BroadcasterApplication {

	public static void main(String[] args) {
		SpringApplication.run(BroadcasterApplication.class, args);
	}

	@Bean
	EventCodec eventCodec() {
		return new EventCodec();
	}

}
