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
 * An {@link ApiIntegrationTest} whose test class says where its stores are, for tests
 * that give the application a store that does not answer.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leaderboard.reads.top-cache.enabled=false")
@ActiveProfiles("local")
@Import(TestClock.Configuration.class)
public @interface ApiWithUnreachableStoreTest {

}
