package io.leaderboard.api.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * api-service on a random port, in the {@code local} profile (its own token issuer),
 * against real PostgreSQL and Redis ({@link StoresConfiguration}), with a
 * {@link TestClock}. Periods close only when a test asks. Top pages are read from Redis
 * on every request, so a test sees its own writes at once;
 * {@code TopPagesIntegrationTests} covers the cache of them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "leaderboard.reads.top-cache.enabled=false",
		// tests close periods when they choose to (PeriodClosingIntegrationTests)
		"leaderboard.periods.check-interval=1h" })
@ActiveProfiles("local")
@Import({ StoresConfiguration.class, TestClock.Configuration.class })
public @interface ApiIntegrationTest {

}
