package io.leaderboard.support.security;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every servlet service with Spring Security's resource server on its class path verifies
 * tokens one way ({@link TokenVerification}) and gets {@link ResourceServerChain}. A
 * service with routes of its own builds its chain with it; one without (the projection
 * worker) gets a chain that locks the operations endpoints and leaves the rest to Spring
 * MVC. A service that defines its own {@link JwtDecoder} (api-service's local token
 * issuer) keeps it.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, NimbusJwtDecoder.class, EndpointRequest.class, JsonMapper.class })
@EnableConfigurationProperties(TokenVerificationProperties.class)
public class ResourceServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(TokenVerificationProperties tokens) {
		return TokenVerification.fromKeySet(tokens);
	}

	@Bean
	ResourceServerChain resourceServerChain(JsonMapper json) {
		return new ResourceServerChain(new ProblemAnswers(json));
	}

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain operationsSecurity(HttpSecurity http, ResourceServerChain chain) throws Exception {
		return chain.build(http, (requests) -> requests.anyRequest().permitAll());
	}

	/**
	 * The firewall checks every header as UTF-8 text, and what it refuses is answered as
	 * a problem detail.
	 */
	@Bean
	WebSecurityCustomizer firewall(JsonMapper json) {
		return (web) -> web.httpFirewall(new Utf8HeaderFirewall()).requestRejectedHandler(new ProblemAnswers(json));
	}

	/**
	 * No observation per security filter: each cost more than the filter it watched (see
	 * docs/benchmarks). The request's own observation and trace remain.
	 */
	@Bean
	@ConditionalOnMissingBean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

}
