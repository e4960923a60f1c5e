package io.leaderboard.api.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.CorsProcessor;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Writes an answer from a filter ahead of Spring Security and Spring MVC so that a client
 * cannot tell it from the full stack's: the same CORS decision and headers, the security
 * headers Spring Security adds by default, and the route named in the request's metric
 * and trace as a controller's would be.
 */
@Component
public class DirectAnswers {

	/** The headers Spring Security writes on every answer by default. */
	private static final List<HeaderWriter> SECURITY_HEADERS = List.of(new XContentTypeOptionsHeaderWriter(),
			new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new HstsHeaderWriter(),
			new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY));

	private final CorsConfigurationSource cors;

	private final CorsProcessor corsProcessor = new DefaultCorsProcessor();

	DirectAnswers(@Qualifier("corsConfigurationSource") CorsConfigurationSource cors) {
		this.cors = cors;
	}

	/**
	 * Names the route and applies CORS, before anything is decided.
	 * @param pathPattern the route as the controller maps it, such as
	 * {@code /leaderboard/{userId}}
	 * @return false when the request's origin is refused: the 403 has been written, as
	 * the full stack writes it
	 */
	public boolean open(HttpServletRequest request, HttpServletResponse response, String pathPattern)
			throws IOException {
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(pathPattern));
		CorsConfiguration configuration = this.cors.getCorsConfiguration(request);
		return configuration == null || this.corsProcessor.processRequest(configuration, request, response);
	}

	/** The headers Spring Security adds to every answer, refusals too. */
	public void secure(HttpServletRequest request, HttpServletResponse response) {
		SECURITY_HEADERS.forEach((writer) -> writer.writeHeaders(request, response));
	}

	/** A 200 with a JSON body, its length known so that it leaves in one write. */
	public void ok(HttpServletRequest request, HttpServletResponse response, byte[] json) throws IOException {
		secure(request, response);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(json.length);
		response.getOutputStream().write(json);
	}

}
