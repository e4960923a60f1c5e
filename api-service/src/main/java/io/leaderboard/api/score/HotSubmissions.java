package io.leaderboard.api.score;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import io.leaderboard.api.auth.PlayerTokens;
import io.leaderboard.api.ratelimit.WriteLimits;
import io.leaderboard.api.web.AnsweredAhead;
import io.leaderboard.api.web.DirectAnswers;
import io.leaderboard.events.Boards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Score submissions taken before the request enters Spring Security and Spring MVC, whose
 * per-request work costs more than the rest of a submission in this service. Only the
 * plain case comes this way: a JSON body that parses and validates, a valid bearer token,
 * no {@code Idempotency-Key}, no query. Anything else (a missing or bad token, a body MVC
 * would refuse, another media type) goes on to Spring Security and the controller, which
 * answer as they always do; nothing has been written then. Once a submission is taken
 * here it is answered here: the same {@link ScoreIntake} records it, and a refusal or
 * failure is rendered by the controllers' own exception handlers, so either way the
 * answer and what is recorded are the controller's.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
class HotSubmissions extends AnsweredAhead {

	private static final String SEED_PATH = "/scores";

	private static final String BOARDS = "/leaderboards/";

	private final PlayerTokens tokens;

	private final JsonMapper json;

	private final Validator validator;

	private final ScoreIntake intake;

	private final DirectAnswers answers;

	private final ObjectProvider<WriteLimits> limits;

	private final HandlerExceptionResolver exceptions;

	private final Counter taken;

	HotSubmissions(PlayerTokens tokens, JsonMapper json, Validator validator, ScoreIntake intake, DirectAnswers answers,
			ObjectProvider<WriteLimits> limits,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptions, MeterRegistry meters) {
		super("POST");
		this.tokens = tokens;
		this.json = json;
		this.validator = validator;
		this.intake = intake;
		this.answers = answers;
		this.limits = limits;
		this.exceptions = exceptions;
		this.taken = Counter.builder("leaderboard.submissions.fast")
			.description("Score submissions taken before Spring Security and Spring MVC")
			.register(meters);
	}

	@Override
	protected boolean answer(HttpServletRequest request, HttpServletResponse response)
			throws IOException, ServletException {
		String boardId = boardOf(request.getRequestURI());
		if (boardId == null || request.getQueryString() != null || !plainJson(request)
				|| request.getHeader(IdempotencyKey.HEADER) != null) {
			return false;
		}
		Optional<Jwt> token = this.tokens.verified(request);
		if (token.isEmpty()) {
			return false;
		}
		ScoreRequest body = parsed(request);
		if (body == null || !this.validator.validate(body).isEmpty()) {
			return false;
		}
		this.taken.increment();
		String pattern = SEED_PATH.equals(request.getRequestURI()) ? SEED_PATH : "/leaderboards/{boardId}/scores";
		try {
			// a foreign origin is refused with 403, as the full stack refuses it
			if (this.answers.open(request, response, pattern)) {
				WriteLimits writeLimits = this.limits.getIfAvailable();
				if (writeLimits != null) {
					writeLimits.admit(response, boardId, token.get().getSubject());
				}
				ScoreResponse answer = this.intake.submit(boardId, token.get(), body);
				this.answers.ok(request, response, this.json.writeValueAsBytes(answer));
			}
		}
		catch (RuntimeException ex) {
			this.answers.secure(request, response);
			if (this.exceptions.resolveException(request, response, null, ex) == null) {
				throw ex;
			}
		}
		return true;
	}

	/** The board of a submission path, or null for any other path. */
	private static String boardOf(String path) {
		if (SEED_PATH.equals(path)) {
			return Boards.GLOBAL;
		}
		if (path.startsWith(BOARDS) && path.endsWith(SEED_PATH)) {
			String boardId = path.substring(BOARDS.length(), path.length() - SEED_PATH.length());
			return Boards.isValidId(boardId) ? boardId : null;
		}
		return null;
	}

	/**
	 * A UTF-8 JSON body that asks for JSON back (or anything): what the controller reads
	 * and answers with no negotiation left to decide.
	 */
	private static boolean plainJson(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return false;
		}
		type = type.replace(" ", "").toLowerCase(Locale.ROOT);
		if (!type.equals("application/json") && !type.equals("application/json;charset=utf-8")) {
			return false;
		}
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return accept == null || accept.equals("*/*") || accept.equals("application/json");
	}

	private ScoreRequest parsed(HttpServletRequest request) throws IOException {
		try {
			return this.json.readValue(request.getInputStream(), ScoreRequest.class);
		}
		catch (JacksonException ex) {
			// the controller's path refuses it with its usual 400
			return null;
		}
	}

}
