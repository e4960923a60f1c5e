package io.leaderboard.testsupport;

/**
 * A Redis server and the logical database this test JVM may flush.
 *
 * @param host the host
 * @param port the port
 * @param database the database index the tests own
 * @param source where the server comes from, for the test log
 */
public record Redis(String host, int port, int database, String source) {

	public String url() {
		return "redis://" + this.host + ":" + this.port + "/" + this.database;
	}

}
