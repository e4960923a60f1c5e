package io.leaderboard.api.leaderboard;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.ratelimit.ReadLimits;
import io.leaderboard.api.web.AnsweredAhead;
import io.leaderboard.api.web.DirectAnswers;
import io.leaderboard.events.Boards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The two reads made most, a board's first page and a player's standing, answered before
 * the request enters Spring Security and Spring MVC: their per-request work costs several
 * times what these answers do. Only the plain, successful case is answered here: a first
 * page held in memory at its board's current generation, or a standing Redis holds, for a
 * client within its read limit. Anything else (another parameter, a page not in memory, a
 * player Redis lacks, Redis away, a client over its limit) goes on to the controllers,
 * which answer as they always do. The answer carries the headers the full stack sends
 * (the security headers, CORS, {@code Leaderboard-Source}); the request is still timed
 * and traced by the observation filter in front of this one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class HotReads extends AnsweredAhead {

	private static final Logger logger = LoggerFactory.getLogger(HotReads.class);

	private static final Pattern SEED_TOP = Pattern.compile("/leaderboard/top");

	private static final Pattern BOARD_TOP = Pattern.compile("/leaderboards/(" + Boards.ID_REGEX + ")/top");

	private static final Pattern SEED_STANDING = Pattern.compile("/leaderboard/([1-9][0-9]{0,17})");

	private static final Pattern BOARD_STANDING = Pattern
		.compile("/leaderboards/(" + Boards.ID_REGEX + ")/users/([1-9][0-9]{0,17})");

	private static final Pattern LIMIT = Pattern.compile("limit=([1-9][0-9]{0,3})");

	private final BoardCatalog catalog;

	private final RankingReader reader;

	private final JsonMapper json;

	private final DirectAnswers answers;

	private final ObjectProvider<ReadLimits> limits;

	private final Counter tops;

	private final Counter standings;

	HotReads(BoardCatalog catalog, RankingReader reader, JsonMapper json, DirectAnswers answers,
			ObjectProvider<ReadLimits> limits, MeterRegistry meters) {
		super("GET");
		this.catalog = catalog;
		this.reader = reader;
		this.json = json;
		this.answers = answers;
		this.limits = limits;
		this.tops = counter(meters, "top");
		this.standings = counter(meters, "standing");
	}

	private static Counter counter(MeterRegistry meters, String read) {
		return Counter.builder("leaderboard.reads.fast")
			.description("Reads answered before Spring Security and Spring MVC")
			.tag("read", read)
			.register(meters);
	}

	@Override
	protected boolean answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String path = request.getRequestURI();
		String query = request.getQueryString();
		Matcher matcher;
		if ((matcher = SEED_TOP.matcher(path)).matches()) {
			return top(request, response, Boards.GLOBAL, query, TopPages.View.ENTRIES, "/leaderboard/top");
		}
		if ((matcher = BOARD_TOP.matcher(path)).matches()) {
			return top(request, response, matcher.group(1), query, TopPages.View.PAGE, "/leaderboards/{boardId}/top");
		}
		if (query != null) {
			return false;
		}
		if ((matcher = SEED_STANDING.matcher(path)).matches()) {
			return standing(request, response, Boards.GLOBAL, Long.parseLong(matcher.group(1)),
					"/leaderboard/{userId}");
		}
		if ((matcher = BOARD_STANDING.matcher(path)).matches()) {
			return standing(request, response, matcher.group(1), Long.parseLong(matcher.group(2)),
					"/leaderboards/{boardId}/users/{userId}");
		}
		return false;
	}

	private boolean top(HttpServletRequest request, HttpServletResponse response, String boardId, String query,
			TopPages.View view, String pattern) throws IOException {
		int limit = 10;
		if (query != null) {
			Matcher matcher = LIMIT.matcher(query);
			if (!matcher.matches() || Integer.parseInt(matcher.group(1)) > 1000) {
				return false;
			}
			limit = Integer.parseInt(matcher.group(1));
		}
		Optional<Board> board = this.catalog.find(boardId);
		if (board.isEmpty()) {
			return false;
		}
		Optional<TopPages.Rendered> page = this.reader.keptTop(board.get(), limit, view);
		if (page.isEmpty() || !admitted(request, response)) {
			return false;
		}
		write(request, response, page.get().json(), page.get().source(), pattern);
		this.tops.increment();
		return true;
	}

	private boolean standing(HttpServletRequest request, HttpServletResponse response, String boardId, long userId,
			String pattern) throws IOException {
		Optional<Board> board = this.catalog.find(boardId);
		if (board.isEmpty()) {
			return false;
		}
		try {
			Optional<Views.Standing> standing = this.reader.projectedStanding(board.get(), userId);
			if (standing.isEmpty() || !admitted(request, response)) {
				return false;
			}
			write(request, response, this.json.writeValueAsBytes(standing.get()), Source.REDIS, pattern);
			this.standings.increment();
			return true;
		}
		catch (DataAccessException ex) {
			logger.debug("Redis cannot answer a standing here; the full path decides: {}", ex.getMessage());
			return false;
		}
	}

	private boolean admitted(HttpServletRequest request, HttpServletResponse response) {
		ReadLimits readLimits = this.limits.getIfAvailable();
		return readLimits == null || readLimits.admit(request, response);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, byte[] body, Source source,
			String pattern) throws IOException {
		// a foreign origin is refused with 403, as the full stack refuses it
		if (this.answers.open(request, response, pattern)) {
			response.setHeader(Source.HEADER, source.headerValue());
			this.answers.ok(request, response, body);
		}
	}

}
