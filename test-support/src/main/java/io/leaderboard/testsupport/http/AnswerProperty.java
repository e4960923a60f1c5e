package io.leaderboard.testsupport.http;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import io.leaderboard.testsupport.http.RawHttp.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every HTTP fuzz test asserts of the answer to any request: a 4xx
 * {@code application/problem+json} whose {@code status} is the answer's that changed no
 * store, or a well-formed answer below 400 (JSON that parses; an endless stream's head
 * alone); never a 5xx. A request that frames its own body may go unanswered, and then
 * changes nothing either.
 */
public final class AnswerProperty {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AnswerProperty() {
	}

	/**
	 * @param answer the bytes that came back
	 * @param stores the stores' state, compared before and after: taken now, and again
	 * for a refused or unanswered request
	 */
	public static <S> void holds(FuzzedRequest request, byte[] answer, S before, Supplier<S> stores) {
		String sent = request.printable();
		if (request.isHttp09() && answer.length > 0 && !startsWith(answer, "HTTP/")) {
			// a request line without a version may be answered in HTTP/0.9: the body
			// alone
			String body = new String(answer, StandardCharsets.UTF_8);
			if (body.startsWith("{")) {
				assertThat(JSON.readTree(body).path("status").asInt(200)).as("%s to %s", body, sent).isLessThan(500);
			}
			return;
		}
		Optional<Response> parsed = RawHttp.answer(answer);
		if (parsed.isEmpty()) {
			assertThat(request.mayGoUnanswered()).as("no answer to %s", sent).isTrue();
			assertThat(stores.get()).as("changed by %s", sent).isEqualTo(before);
			return;
		}
		Response response = parsed.get();
		String what = response.status() + " " + response.body() + " to " + sent;
		assertThat(response.status()).as(what).isBetween(100, 499);
		boolean hasBody = !request.isHead() && response.status() != 204 && response.status() != 304;
		if (response.status() >= 400) {
			assertThat(response.contentType()).as(what).startsWith("application/problem+json");
			if (hasBody) {
				assertThat(response.json().path("status").asInt()).as(what).isEqualTo(response.status());
			}
			assertThat(stores.get()).as("changed by %s", sent).isEqualTo(before);
		}
		else if (hasBody && response.contentType().contains("json")) {
			assertThat(response.json()).as(what).isNotNull();
		}
	}

	private static boolean startsWith(byte[] bytes, String prefix) {
		return new String(bytes, 0, Math.min(bytes.length, prefix.length()), StandardCharsets.ISO_8859_1)
			.equals(prefix);
	}

}
