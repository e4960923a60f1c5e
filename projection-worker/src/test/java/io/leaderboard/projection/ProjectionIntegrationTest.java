package io.leaderboard.projection;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The worker against real Redis and Kafka. The throttle window is widened so that "within
 * the window" does not depend on how busy the machine is.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// the schema is created by Flyway in tests, over the connection that is read-only in
// production
@SpringBootTest(properties = { "leaderboard.notification.throttle=2s", "spring.datasource.hikari.read-only=false" })
public @interface ProjectionIntegrationTest {

}
