package io.leaderboard.support.security;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * The one security chain of every servlet service: a stateless resource server. Every
 * request carries its bearer token or none, so the chain keeps the firewall, the security
 * headers, bearer authentication and authorisation, and leaves out what only a
 * session-based application needs (session management, the saved request, anonymous
 * authentication, CSRF, logout and the servlet API wrapper). Errors are
 * {@code application/problem+json}: 401 without a valid token, 403 without the scope.
 * <p>
 * Management endpoints: health, info, metrics and prometheus stay open for probes and
 * Prometheus; every other one (the projector's rebuild, reconciliation and dead letters,
 * loggers, anything a deployment exposes) needs the {@value #ADMIN_SCOPE} scope. The
 * service's own routes follow.
 */
public final class ResourceServerChain {

	public static final String ADMIN_SCOPE = "leaderboard:admin";

	public static final String ADMIN_AUTHORITY = "SCOPE_" + ADMIN_SCOPE;

	private final ProblemAnswers problems;

	ResourceServerChain(ProblemAnswers problems) {
		this.problems = problems;
	}

	public SecurityFilterChain build(HttpSecurity http,
			Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> routes)
			throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.anonymous(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			// nothing asks the request for its user or roles: the controllers take the
			// token
			.servletApi(AbstractHttpConfigurer::disable)
			// nothing to keep between requests: the token authenticates each one
			.securityContext(
					(context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.authorizeHttpRequests((requests) -> {
				requests.requestMatchers(EndpointRequest.to("health", "info", "metrics", "prometheus"))
					.permitAll()
					.requestMatchers(EndpointRequest.toAnyEndpoint())
					.hasAuthority(ADMIN_AUTHORITY);
				routes.customize(requests);
			})
			.oauth2ResourceServer((server) -> server.bearerTokenResolver(new HeaderBearerTokenResolver())
				.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(this.problems)
				.accessDeniedHandler(this.problems))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this.problems)
				.accessDeniedHandler(this.problems))
			.build();
	}

}
