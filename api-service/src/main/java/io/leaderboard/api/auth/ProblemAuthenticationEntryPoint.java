package io.leaderboard.api.auth;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/**
 * A 401 as {@code application/problem+json}, with the {@code WWW-Authenticate} challenge
 * RFC 6750 asks for. Security's own entry point answers with an empty body.
 */
@Component
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final JsonMapper json;

	ProblemAuthenticationEntryPoint(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		boolean tokenGiven = exception instanceof InvalidBearerTokenException
				|| request.getHeader(HttpHeaders.AUTHORIZATION) != null;
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.UNAUTHORIZED);
		problem.setTitle("Unauthorized");
		problem.setDetail(tokenGiven ? "The bearer token is invalid, expired or not for this service."
				: "A bearer token is required: Authorization: Bearer <JWT>.");
		problem.setInstance(java.net.URI.create(request.getRequestURI()));
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				tokenGiven ? "Bearer error=\"invalid_token\"" : "Bearer realm=\"leaderboard\"");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
