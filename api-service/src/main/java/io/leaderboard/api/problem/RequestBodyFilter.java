package io.leaderboard.api.problem;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request body is small JSON, so the gate is strict and comes before anything
 * parses: a body over 4 KiB is refused with 413 (by its {@code Content-Length} before
 * reading a byte, or, when chunked, after reading one byte more than the limit), and a
 * JSON body must be what RFC 8259 says goes over a network: UTF-8 without a byte order
 * mark. Jackson would otherwise skip a BOM, guess UTF-16 or UTF-32 from zero bytes, and
 * let malformed UTF-8 into stored metadata.
 */
class RequestBodyFilter extends OncePerRequestFilter {

	static final int MAX_BYTES = 4096;

	private final JsonMapper json;

	RequestBodyFilter(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > MAX_BYTES) {
			tooLarge(response);
			return;
		}
		if (declared == 0 || (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
		if (body.length > MAX_BYTES) {
			tooLarge(response);
			return;
		}
		if (isJson(request) && !isPlainUtf8(body)) {
			refuse(response, HttpStatus.BAD_REQUEST, "Malformed request body",
					"A JSON body must be UTF-8 without a byte order mark or raw control characters.");
			return;
		}
		chain.doFilter(new ReadBody(request, body), response);
	}

	private static boolean isJson(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.toLowerCase(Locale.ROOT).contains("json");
	}

	/**
	 * Valid UTF-8 (no overlong forms, no surrogates), no BOM, and no control character
	 * but JSON's whitespace: JSON allows none of them raw, even inside strings.
	 */
	private static boolean isPlainUtf8(byte[] body) {
		if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
			return false;
		}
		for (byte b : body) {
			if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
				return false;
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private void tooLarge(HttpServletResponse response) throws IOException {
		refuse(response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
				"A request body may hold at most " + MAX_BYTES + " bytes; nothing was done.");
	}

	private void refuse(HttpServletResponse response, HttpStatus status, String title, String detail)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle(title);
		problem.setDetail(detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/** The request, with its body already read into memory. */
	private static final class ReadBody extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is already in memory");
				}

			};
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			return new BufferedReader(new InputStreamReader(getInputStream(),
					(encoding != null) ? encoding : StandardCharsets.UTF_8.name()));
		}

	}

}
