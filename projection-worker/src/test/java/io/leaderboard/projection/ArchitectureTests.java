package io.leaderboard.projection;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "io.leaderboard.projection", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/** The projection reads only Kafka and writes only Redis and Kafka. */
	@ArchTest
	static final ArchRule noJdbc = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..");

	/**
	 * Notifications are told about tops; they never reach into how events are applied.
	 */
	@ArchTest
	static final ArchRule notificationsDoNotApplyEvents = noClasses().that()
		.resideInAPackage("..notification..")
		.should()
		.dependOnClassesThat()
		.haveSimpleNameEndingWith("Listener");

}
