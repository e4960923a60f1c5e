package io.leaderboard.api.ratelimit;

import io.leaderboard.api.ratelimit.RateLimiter.Decision;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Reads per client address, across all boards. Spectators have no account, so the address
 * is all there is; the limit is loose because many players can share one.
 */
public class ReadLimits implements HandlerInterceptor {

	private final RateLimiter limiter;

	private final RateLimitProperties properties;

	ReadLimits(RateLimiter limiter, RateLimitProperties properties) {
		this.limiter = limiter;
		this.properties = properties;
	}

	/**
	 * Takes a read from the client's bucket for a request answered outside Spring MVC:
	 * true, with the {@code RateLimit-*} headers set, when the client may read; false
	 * when it may not (nothing is written then: the controllers' path refuses it).
	 */
	public boolean admit(HttpServletRequest request, HttpServletResponse response) {
		Decision decision = this.limiter.tryConsume("read:" + request.getRemoteAddr(), this.properties.reads())
			.orElse(null);
		if (decision == null) {
			return true;
		}
		if (!decision.allowed()) {
			return false;
		}
		RateLimitHeaders.of(decision).forEach(response::setHeader);
		return true;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Decision decision = this.limiter.tryConsume("read:" + request.getRemoteAddr(), this.properties.reads())
			.orElse(null);
		if (decision == null) {
			return true;
		}
		if (!decision.allowed()) {
			throw new RateLimitedException(decision, "Too many reads from this client address.");
		}
		RateLimitHeaders.of(decision).forEach(response::setHeader);
		return true;
	}

}
