package io.leaderboard.api.problem;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat refuses some requests before any servlet sees them: a path with an encoded
 * {@code /} or {@code \}, a NUL, malformed UTF-8 or a raw space, and requests it cannot
 * parse. It answers those with an HTML page from this valve; this one answers with a
 * problem detail instead. Public: Tomcat creates it by class name.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int code = response.getStatus();
		if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED.value()) {
			// a request line such as "GET / HTTP/0.1": the client's mistake, not a server
			// error for the 5xx alerts (found by HttpRequestFuzzIntegrationTests)
			code = HttpStatus.BAD_REQUEST.value();
			response.setStatus(code);
		}
		HttpStatus status = HttpStatus.resolve(code);
		if (status == null) {
			status = HttpStatus.BAD_REQUEST;
		}
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
						+ code + ",\"detail\":\"" + ErrorPages.detail(status).replace("\\", "\\\\") + "\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response was committed meanwhile: nothing to add
		}
	}

}
