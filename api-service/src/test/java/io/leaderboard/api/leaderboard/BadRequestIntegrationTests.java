package io.leaderboard.api.leaderboard;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad id or parameter is a 400 or 404 problem, never a 500. */
class BadRequestIntegrationTests extends ApiTestBase {

	@BeforeEach
	void boards() {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
		submit("daily", "alice", 10);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			GET  | /leaderboards/nope                                   | | 404
			GET  | /leaderboards/Nope                                   | | 400
			GET  | /leaderboards/-x/top                                 | | 400
			GET  | /leaderboards/nope/top                               | | 404
			GET  | /leaderboards/daily/top?limit=0                      | | 400
			GET  | /leaderboards/daily/top?limit=1001                   | | 400
			GET  | /leaderboards/daily/top?limit=ten                    | | 400
			GET  | /leaderboards/daily/top?cursor=garbage               | | 400
			GET  | /leaderboards/daily/top?cursor=MXxhbGx8MXwx          | | 400
			GET  | /leaderboards/daily/top?period=2026-13-01            | | 400
			GET  | /leaderboards/daily/top?period=2026-W47              | | 400
			GET  | /leaderboards/daily/top?period=all                   | | 400
			GET  | /leaderboards/global/top?period=2026-11-22           | | 400
			GET  | /leaderboards/daily/users/abc                        | | 400
			GET  | /leaderboards/daily/users/0                          | | 400
			GET  | /leaderboards/daily/users/99                         | | 404
			GET  | /leaderboards/nope/users/1                           | | 404
			GET  | /leaderboards/daily/users/1/around?radius=0          | | 400
			GET  | /leaderboards/daily/users/1/around?radius=51         | | 400
			GET  | /leaderboards/daily/users/1/around?radius=x          | | 400
			GET  | /leaderboards/daily/users/99/around                  | | 404
			GET  | /leaderboards/daily/stats?period=yesterday           | | 400
			GET  | /leaderboards/nope/stats                             | | 404
			POST | /leaderboards/daily/ranks                            | {}                         | 400
			POST | /leaderboards/daily/ranks                            | {"userIds": "1"}           | 400
			POST | /leaderboards/daily/ranks                            | {"userIds": [0]}           | 400
			POST | /leaderboards/daily/ranks                            | {"userIds": ["a"]}         | 400
			POST | /leaderboards/daily/ranks                            | {"userIds": [null]}        | 400
			POST | /leaderboards/nope/ranks                             | {"userIds": [1]}           | 404
			POST | /leaderboards/daily/scores                           | {"score": 1, "metadata": 3} | 400
			POST | /leaderboards/daily/scores                           | {"score": 1, "metadata": [1]} | 400
			POST | /leaderboards/daily/scores                           | {"score": 1, "metadata": {"a": [1e400]}} | 400
			POST | /leaderboards/nope/scores                            | {"score": 1}               | 404
			POST | /leaderboards/NOPE/scores                            | {"score": 1}               | 400
			PUT  | /admin/leaderboards/nope/hidden/1                    | | 404
			PUT  | /admin/leaderboards/daily/hidden/x                   | | 400
			DELETE | /admin/leaderboards/daily/hidden/0                 | | 400
			""")
	void isAProblem(String method, String path, String body, int status) {
		String token = path.startsWith("/admin") ? admin() : this.http.token("alice", "alice");
		Response response = switch (method.trim()) {
			case "GET" -> this.http.get(path);
			case "POST" -> this.http.postJson(path, body, token);
			case "PUT" -> this.http.put(path, token);
			default -> this.http.delete(path, token);
		};

		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("detail").asString()).isNotBlank();
	}

	@org.junit.jupiter.api.Test
	void tooManyRankedIdsAndTooMuchMetadataAreRefused() {
		String ids = java.util.stream.IntStream.rangeClosed(1, 101)
			.mapToObj(Integer::toString)
			.collect(java.util.stream.Collectors.joining(","));
		String metadata = "{\"score\": 1, \"metadata\": {\"note\": \"" + "x".repeat(1020) + "\"}}";

		assertThat(this.http.postJson("/leaderboards/daily/ranks", "{\"userIds\":[" + ids + "]}", null).status())
			.isEqualTo(400);
		assertThat(
				this.http.postJson("/leaderboards/daily/scores", metadata, this.http.token("alice", "alice")).status())
			.isEqualTo(400);
		assertThat(this.jdbc.sql("SELECT games_played FROM board_scores").query(Long.class).single()).isEqualTo(1);
	}

}
