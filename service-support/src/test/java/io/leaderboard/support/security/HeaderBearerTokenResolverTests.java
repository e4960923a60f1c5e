package io.leaderboard.support.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The resolver answers exactly as Spring Security's default one does for the header. */
class HeaderBearerTokenResolverTests {

	@ParameterizedTest
	@ValueSource(strings = { "Bearer abc.DEF-ghi_jkl~mno+pqr/stu", "bearer abc", "BEARER abc==", "Bearer abc=",
			"Bearer ", "Bearer", "Bearer  abc", "Bearer abc def", "Bearer abc=d", "Bearer =", "Bearer ab%c",
			"Bearerabc", "Basic dXNlcjpwYXNz", "Token abc", "bearer\tabc", "Bearer ä" })
	void resolvesTheAuthorizationHeaderAsTheDefaultResolverDoes(String header) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/scores");
		request.addHeader("Authorization", header);

		assertThat(outcome(() -> new HeaderBearerTokenResolver().resolve(request)))
			.isEqualTo(outcome(() -> new DefaultBearerTokenResolver().resolve(request)));
	}

	@Test
	void noHeaderNoToken() {
		assertThat(new HeaderBearerTokenResolver().resolve(new MockHttpServletRequest("POST", "/scores"))).isNull();
	}

	/** The token, or the error the request is refused with. */
	private static String outcome(java.util.function.Supplier<String> resolve) {
		Throwable failure = catchThrowable(resolve::get);
		if (failure instanceof OAuth2AuthenticationException oauth) {
			return "error " + oauth.getError().getErrorCode() + ": " + oauth.getError().getDescription();
		}
		if (failure != null) {
			return "failure " + failure;
		}
		return "token " + resolve.get();
	}

}
