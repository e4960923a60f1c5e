package io.leaderboard.support.security;

import java.util.regex.Pattern;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;

/**
 * A token's subject becomes {@code users.subject} (at most 255 characters) and part of
 * Redis keys, so a token without one, or with one that could not be stored, is invalid
 * (401) rather than a failed write (500).
 */
final class SubjectValidation {

	private static final Pattern SUBJECT = Pattern.compile("[^\\p{Cntrl}]{1,255}");

	private SubjectValidation() {
	}

	static OAuth2TokenValidator<Jwt> storableSubject() {
		return new JwtClaimValidator<String>(JwtClaimNames.SUB,
				(subject) -> subject != null && !subject.isBlank() && SUBJECT.matcher(subject).matches());
	}

}
