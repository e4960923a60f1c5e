package io.leaderboard.support.security;

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
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A refused request as {@code application/problem+json}, with the
 * {@code WWW-Authenticate} challenge RFC 6750 asks for: 401 without a valid token, 403
 * naming the scope that is missing, 400 for what the firewall refuses. Security's own
 * answers have an empty body.
 */
final class ProblemAnswers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

	private static final String REJECTED = "The path or headers hold characters no resource here accepts: "
			+ "such as .., //, ;, \\ or an encoded / or NUL in the path, control characters or text that is "
			+ "not UTF-8 in a header.";

	private final JsonMapper json;

	ProblemAnswers(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		boolean tokenGiven = exception instanceof InvalidBearerTokenException
				|| request.getHeader(HttpHeaders.AUTHORIZATION) != null;
		write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
				tokenGiven ? "The bearer token is invalid, expired or not for this service."
						: "A bearer token is required: Authorization: Bearer <JWT>.",
				tokenGiven ? "Bearer error=\"invalid_token\"" : "Bearer realm=\"leaderboard\"");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, "Forbidden",
				"This needs a token with the scope " + ResourceServerChain.ADMIN_SCOPE + ".",
				"Bearer error=\"insufficient_scope\", scope=\"" + ResourceServerChain.ADMIN_SCOPE + "\"");
	}

	/**
	 * A request the firewall refuses. Written here rather than by the container's error
	 * page, whose dispatch would pass the same headers through the firewall again.
	 */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException exception)
			throws IOException {
		write(request, response, HttpStatus.BAD_REQUEST, "Bad Request", REJECTED, null);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
			String detail, String challenge) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle(title);
		problem.setDetail(detail);
		problem.setInstance(instance(request.getRequestURI()));
		response.setStatus(status.value());
		if (challenge != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/**
	 * The path asked for; left out when it is not a valid URI (a path the firewall
	 * refused).
	 */
	private static URI instance(String path) {
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
