package io.leaderboard.projection;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "io.leaderboard.projection", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/**
	 * The projection reads only Kafka and writes only Redis and Kafka; only rebuilds and
	 * reconciliation read PostgreSQL.
	 */
	@ArchTest
	static final ArchRule jdbcOnlyInRebuild = noClasses().that()
		.resideOutsideOfPackage("..rebuild..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..");

	/** Applying events tells notifications about tops; notifications never reach back. */
	@ArchTest
	static final ArchRule notificationsDoNotApplyEvents = noClasses().that()
		.resideInAPackage("..notification..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("..projection.projection..");

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("io.leaderboard.projection.(*)..")
		.should()
		.beFreeOfCycles();

}
