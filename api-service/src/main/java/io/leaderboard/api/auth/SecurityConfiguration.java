package io.leaderboard.api.auth;

import java.util.List;

import io.leaderboard.api.web.Routes;
import io.leaderboard.support.security.ResourceServerChain;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Writes need a bearer token, board administration and moderation the
 * {@code leaderboard:admin} scope; reads are public, as spectators have no account.
 * Anything else is left to the controllers, so a path that does not exist answers 404.
 * <p>
 * The chain is every service's lean stateless one ({@link ResourceServerChain}: the
 * operations endpoints need the admin scope too), with CORS for the live page. Every
 * request passes this one chain.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ResourceServerChain chain) throws Exception {
		return chain.build(http.cors(Customizer.withDefaults()),
				(requests) -> requests.requestMatchers(Routes.ADMIN)
					.hasAuthority(ResourceServerChain.ADMIN_AUTHORITY)
					.requestMatchers(HttpMethod.POST, Routes.PLAYER_WRITES)
					.authenticated()
					.requestMatchers(HttpMethod.POST, Routes.STREAM_TICKETS)
					.authenticated()
					.anyRequest()
					.permitAll());
	}

	/**
	 * The live page is served by the broadcaster, another origin: it reads and signs in
	 * here. Bearer tokens, no cookies, so allowing any origin exposes nothing;
	 * {@code leaderboard.cors.allowed-origins} narrows it.
	 */
	@Bean
	CorsConfigurationSource corsConfigurationSource(
			@Value("${leaderboard.cors.allowed-origins:*}") List<String> allowedOrigins) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(allowedOrigins);
		cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Last-Event-ID", "Idempotency-Key"));
		cors.setExposedHeaders(List.of("Leaderboard-Source", "Location", "Retry-After", "RateLimit-Limit",
				"RateLimit-Remaining", "RateLimit-Reset", "Idempotent-Replayed"));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

}
