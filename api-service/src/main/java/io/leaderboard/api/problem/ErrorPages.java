package io.leaderboard.api.problem;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC, such as a path the security firewall refuses
 * ({@code ..}, {@code //}, an encoded {@code ;}), reach the servlet container's error
 * page. This replaces Spring Boot's, whose JSON is not a problem detail.
 */
@RestController
class ErrorPages implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = status(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle(status.getReasonPhrase());
		problem.setDetail(detail(status));
		problem.setInstance(instance(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** The path asked for, not {@code /error}; left out when it is not a valid URI. */
	private static URI instance(Object path) {
		try {
			return (path instanceof String value) ? URI.create(value) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static HttpStatus status(Object code) {
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		return (status != null && status.isError()) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

	static String detail(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "The request line, path or headers are malformed, or the path holds characters "
					+ "(such as .., //, ;, \\ or encoded / and NUL) that no resource here has.";
			case NOT_FOUND -> "No resource here has this path.";
			case CONTENT_TOO_LARGE -> "The request is too large.";
			default -> (status.is4xxClientError() ? "The request cannot be served as sent."
					: "The request could not be completed.");
		};
	}

}
