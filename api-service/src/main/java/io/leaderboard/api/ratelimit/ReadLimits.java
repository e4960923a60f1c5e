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

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Decision decision = this.limiter.tryConsume("read:" + request.getRemoteAddr(), this.properties.reads());
		if (!decision.allowed()) {
			throw new RateLimitedException(decision, "Too many reads from this client address.");
		}
		RateLimitHeaders.of(decision).forEach(response::setHeader);
		return true;
	}

}
