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
@SpringBootTest(properties = "leaderboard.notification.throttle=2s")
public @interface ProjectionIntegrationTest {

}
