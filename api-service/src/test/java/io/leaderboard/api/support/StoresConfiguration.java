package io.leaderboard.api.support;

import io.leaderboard.testsupport.TestInfrastructure;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The real PostgreSQL and Redis of a test run, wherever {@link TestInfrastructure} finds
 * them (the environment, Testcontainers, or embedded servers), imported by
 * {@link ApiIntegrationTest} as petclinic imports its
 * {@code TestcontainersConfiguration}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StoresConfiguration {

	@Bean
	DynamicPropertyRegistrar stores() {
		return (registry) -> {
			TestInfrastructure.registerPostgres(registry);
			TestInfrastructure.registerRedis(registry);
		};
	}

}
