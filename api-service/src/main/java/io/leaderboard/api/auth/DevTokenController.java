package io.leaderboard.api.auth;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Mints tokens for developers and tests. Exists only in the {@code local} profile. */
@RestController
@Profile("local")
class DevTokenController {

	private final LocalTokenIssuer issuer;

	DevTokenController(LocalTokenIssuer issuer) {
		this.issuer = issuer;
	}

	@PostMapping(path = "/dev/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
	TokenResponse mint(@Valid @RequestBody TokenRequest request) {
		String nickName = (request.nickName() != null && !request.nickName().isBlank()) ? request.nickName()
				: request.subject();
		List<String> scopes = (request.scopes() != null) ? request.scopes() : List.of();
		return new TokenResponse(this.issuer.issue(request.subject(), nickName, scopes), "Bearer",
				this.issuer.ttlSeconds());
	}

	@GetMapping("/.well-known/jwks.json")
	Map<String, Object> jwks() {
		return this.issuer.jwks();
	}

	record TokenRequest(
			@NotNull(message = "subject is required") @Pattern(regexp = "[A-Za-z0-9._@-]{1,255}",
					message = "subject must be 1 to 255 letters, digits or . _ @ -") String subject,
			@Size(max = 64, message = "nickName must be at most 64 characters") String nickName,
			@Size(max = 20) List<@Pattern(regexp = "[A-Za-z0-9:._-]{1,64}") String> scopes) {

	}

	record TokenResponse(String accessToken, String tokenType, long expiresIn) {

	}

}
