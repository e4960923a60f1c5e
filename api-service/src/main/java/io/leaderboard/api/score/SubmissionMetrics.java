package io.leaderboard.api.score;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import io.leaderboard.api.web.Routes;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Counts score submissions by outcome and reason ({@code leaderboard.submissions{outcome,
 * reason}}), whichever layer answered: the outermost filter sees the final status of
 * refusals by the firewall, the body limit, the rate limiter and the application alike.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SubmissionMetrics extends OncePerRequestFilter {

	private static final List<PathPattern> SCORES = Arrays.stream(Routes.SCORES)
		.map(PathPatternParser.defaultInstance::parse)
		.toList();

	private final MeterRegistry meters;

	SubmissionMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod())) {
			return true;
		}
		PathContainer path = PathContainer.parsePath(request.getRequestURI());
		return SCORES.stream().noneMatch((route) -> route.matches(path));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			int status = response.getStatus();
			boolean accepted = status < 300;
			String reason = accepted
					? ("true".equals(response.getHeader("Idempotent-Replayed")) ? "replayed" : "recorded")
					: reason(status);
			this.meters
				.counter("leaderboard.submissions", "outcome", accepted ? "accepted" : "rejected", "reason", reason)
				.increment();
		}
	}

	private static String reason(int status) {
		return switch (status) {
			case 400 -> "invalid";
			case 401 -> "unauthenticated";
			case 403 -> "forbidden";
			case 404 -> "unknown-board";
			case 413 -> "too-large";
			case 415 -> "unsupported-media-type";
			case 422 -> "refused";
			case 429 -> "rate-limited";
			case 503 -> "unavailable";
			default -> (status >= 500) ? "error" : "other";
		};
	}

}
