package io.leaderboard.testsupport;

/**
 * A PostgreSQL database of its own for this test JVM.
 *
 * @param jdbcUrl the database's JDBC URL
 * @param username the user
 * @param password the password, empty under trust auth
 * @param source where the server comes from, for the test log
 */
public record Postgres(String jdbcUrl, String username, String password, String source) {

}
