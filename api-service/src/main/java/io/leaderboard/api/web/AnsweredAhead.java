package io.leaderboard.api.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A filter that answers the plain case of one kind of request itself, ahead of Spring
 * Security and Spring MVC, and passes every other request on untouched.
 */
public abstract class AnsweredAhead implements Filter {

	private final String method;

	protected AnsweredAhead(String method) {
		this.method = method;
	}

	@Override
	public final void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		if (!this.method.equals(request.getMethod()) || !answer(request, response)) {
			chain.doFilter(request, response);
		}
	}

	/**
	 * @return whether the request was answered here; when false, nothing has been written
	 * and the request goes on
	 */
	protected abstract boolean answer(HttpServletRequest request, HttpServletResponse response)
			throws IOException, ServletException;

}
