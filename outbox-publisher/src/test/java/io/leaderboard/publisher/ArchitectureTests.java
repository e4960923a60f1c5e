package io.leaderboard.publisher;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "io.leaderboard.publisher", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/** The publisher moves rows to Kafka; the projection is someone else's job. */
	@ArchTest
	static final ArchRule noRedis = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.data.redis..", "io.lettuce..");

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("io.leaderboard.publisher.(*)..")
		.should()
		.beFreeOfCycles();

}
