package io.leaderboard.api.problem;

import java.time.Duration;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns exceptions into problem details. Spring's base class already answers the
 * framework's own (415, 405, 404, validation) with problem details; this adds what a
 * player can act on and the database outage.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemResponses.class);

	/**
	 * Long enough for a database failover, short enough that a game client retries soon.
	 */
	private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		problem.setTitle("Malformed request body");
		problem.setDetail(malformedDetail(ex));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		problem.setTitle("Invalid request");
		problem.setDetail(ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(DefaultMessageSourceResolvable::getDefaultMessage)
			.sorted()
			.collect(Collectors.joining("; ")));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		problem.setTitle("Invalid request");
		problem.setDetail(ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> result.getMethodParameter().getParameterName() + " " + error.getDefaultMessage()))
			.collect(Collectors.joining("; ")));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * Names the field at fault when Jackson knows it. Scores, limits and ids are integers
	 * written without quotes, fraction or exponent.
	 */
	private static String malformedDetail(HttpMessageNotReadableException ex) {
		if (ex.getCause() instanceof UnrecognizedPropertyException unknown) {
			return "Field " + unknown.getPropertyName() + " is not part of this request; it takes only "
					+ unknown.getKnownPropertyIds() + ". A score is always written for the token's own player.";
		}
		if (ex.getCause() instanceof StreamReadException read
				&& String.valueOf(read.getOriginalMessage()).startsWith("Duplicate Object property")) {
			return "The body names a field twice: " + read.getOriginalMessage() + ".";
		}
		if (ex.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String field = databind.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.collect(Collectors.joining("."));
			return "Field " + field + " has the wrong type or format: numbers such as scores and user ids are "
					+ "integers between -9007199254740991 and 9007199254740991, written without quotes, fraction "
					+ "or exponent.";
		}
		return "The body must be one JSON object, such as {\"score\": 4500}.";
	}

	@ExceptionHandler({ CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
			DataAccessResourceFailureException.class, TransientDataAccessException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
		logger.warn("PostgreSQL is unavailable: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.SERVICE_UNAVAILABLE);
		problem.setTitle("Score store unavailable");
		problem.setDetail("The score store cannot be reached; nothing was recorded. Retry later.");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
			.body(problem);
	}

	/**
	 * PostgreSQL went away inside the transaction, so ending it failed too. After a
	 * failed rollback nothing was recorded; after a failed commit nobody can tell, and
	 * only a retry with the same {@code Idempotency-Key} is safe.
	 */
	@ExceptionHandler(TransactionSystemException.class)
	ResponseEntity<ProblemDetail> transactionFailed(TransactionSystemException ex) {
		logger.warn("PostgreSQL failed while ending a transaction: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.SERVICE_UNAVAILABLE);
		problem.setTitle("Score store unavailable");
		problem.setDetail((ex.getApplicationException() != null)
				? "The score store cannot be reached; nothing was recorded. Retry later."
				: "The score store failed while committing, so the score may or may not be recorded. Retry with "
						+ "the same Idempotency-Key to make sure it counts once.");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
			.body(problem);
	}

	/**
	 * Tomcat decodes the query string when a controller first asks for a parameter, and
	 * refuses percent-encoding that is truncated, not hexadecimal or not UTF-8 there.
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<ProblemDetail> malformedQuery(InvalidParameterException ex) {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		problem.setTitle("Malformed query string");
		problem.setDetail("The query string must be percent-encoded UTF-8 (%XX with two hexadecimal digits); "
				+ "nothing was read or changed.");
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		logger.error("Unexpected error", ex);
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR);
		problem.setTitle("Internal error");
		problem.setDetail("The request could not be completed.");
		return ResponseEntity.internalServerError().body(problem);
	}

}
