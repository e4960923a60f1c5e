package io.leaderboard.broadcaster;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "io.leaderboard.broadcaster", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/**
	 * Spectators are served from notifications and the Redis cache, never the database.
	 */
	@ArchTest
	static final ArchRule noJdbc = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..");

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("io.leaderboard.broadcaster.(*)..")
		.should()
		.beFreeOfCycles();

}
