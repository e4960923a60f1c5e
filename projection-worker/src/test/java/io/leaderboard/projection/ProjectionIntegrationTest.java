package io.leaderboard.projection;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The worker against real Redis and Kafka, on a random port behind its security chain
 * (tokens from test-support's {@code TestTokens}, registered by {@link Scores#register}).
 * The throttle window is widened so that "within the window" does not depend on how busy
 * the machine is.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// the schema is created by Flyway in tests, over the connection that is read-only in
// production
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "leaderboard.notification.throttle=2s", "spring.datasource.hikari.read-only=false" })
public @interface ProjectionIntegrationTest {

}
