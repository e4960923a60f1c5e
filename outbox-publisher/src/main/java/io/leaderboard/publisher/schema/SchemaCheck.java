package io.leaderboard.publisher.schema;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Validates the schema at start instead of migrating it.
 * {@code leaderboard.schema.mode=migrate} exists for tests and one-off tools that own a
 * database of their own.
 */
@Configuration(proxyBeanMethods = false)
class SchemaCheck {

	@Bean
	FlywayMigrationStrategy validateOnly(@Value("${leaderboard.schema.mode:validate}") String mode) {
		return (flyway) -> {
			if ("migrate".equals(mode)) {
				flyway.migrate();
			}
			else {
				flyway.validate();
			}
		};
	}

}
