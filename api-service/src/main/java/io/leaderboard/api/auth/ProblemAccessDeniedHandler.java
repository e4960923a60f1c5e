package io.leaderboard.api.auth;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/** A 403 as {@code application/problem+json}, naming the scope that is missing. */
@Component
class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final JsonMapper json;

	ProblemAccessDeniedHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.FORBIDDEN);
		problem.setTitle("Forbidden");
		problem.setDetail("This needs a token with the scope " + SecurityConfiguration.ADMIN_SCOPE + ".");
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(HttpStatus.FORBIDDEN.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"insufficient_scope\", scope=\"" + SecurityConfiguration.ADMIN_SCOPE + "\"");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
