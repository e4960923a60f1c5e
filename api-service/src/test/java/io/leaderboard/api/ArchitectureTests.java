package io.leaderboard.api;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "io.leaderboard.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/** Kafka belongs to the outbox publisher: a request never waits for a broker. */
	@ArchTest
	static final ArchRule noKafka = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..");

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("io.leaderboard.api.(*)..")
		.should()
		.beFreeOfCycles();

}
