package io.leaderboard.api.auth;

import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationContext;

/** Player tokens carrying claims of the game's own, signed by the local issuer. */
public final class ClaimedTokens {

	private final LocalTokenIssuer issuer;

	public ClaimedTokens(ApplicationContext context) {
		this.issuer = context.getBean(LocalTokenIssuer.class);
	}

	public String token(String subject, Map<String, String> claims) {
		return this.issuer.issue(subject, subject, List.of(), claims);
	}

}
