package io.leaderboard.api.ratelimit;

import java.util.Map;

import io.leaderboard.api.ratelimit.RateLimiter.Decision;
import io.leaderboard.events.Boards;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * A player's writes to a board (score submissions and joins, one bucket), checked before
 * the body is even parsed. The player is the token's subject (authentication has run), so
 * one player cannot spend another's tokens.
 */
public class WriteLimits implements HandlerInterceptor {

	private final RateLimiter limiter;

	private final RateLimitProperties properties;

	WriteLimits(RateLimiter limiter, RateLimitProperties properties) {
		this.limiter = limiter;
		this.properties = properties;
	}

	/**
	 * Takes a write from the player's bucket for a submission answered outside Spring
	 * MVC, setting the {@code RateLimit-*} headers.
	 * @throws RateLimitedException (429) when the player may not write now
	 */
	public void admit(HttpServletResponse response, String board, String player) {
		Decision decision = this.limiter.tryConsume("write:" + board + ":" + player, this.properties.writesTo(board));
		if (!decision.allowed()) {
			throw new RateLimitedException(decision, "Too many writes to board \"" + board + "\" by this player.");
		}
		RateLimitHeaders.of(decision).forEach(response::setHeader);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Authentication player = SecurityContextHolder.getContext().getAuthentication();
		String board = board(request);
		// an invalid board id is refused next, without writing anything
		if (player == null || !player.isAuthenticated() || !Boards.isValidId(board)) {
			return true;
		}
		admit(response, board, player.getName());
		return true;
	}

	/** {@code /scores} is the global board's seed path. */
	@SuppressWarnings("unchecked")
	private static String board(HttpServletRequest request) {
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		String board = (variables != null) ? variables.get("boardId") : null;
		return (board != null) ? board : Boards.GLOBAL;
	}

}
