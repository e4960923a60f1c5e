package io.leaderboard.api.auth;

import org.springframework.security.oauth2.jwt.Jwt;

/** Who a token speaks for, the same way for every endpoint that registers players. */
public final class TokenPlayer {

	/** The longest nick name a player keeps; longer claims are cut. */
	public static final int MAX_NICK_NAME = 64;

	private TokenPlayer() {
	}

	/** The {@code nickname} claim, else {@code preferred_username}, else the subject. */
	public static String nickName(Jwt token) {
		String nickName = token.getClaimAsString("nickname");
		if (nickName == null || nickName.isBlank()) {
			nickName = token.getClaimAsString("preferred_username");
		}
		if (nickName == null || nickName.isBlank()) {
			nickName = token.getSubject();
		}
		return (nickName.length() > MAX_NICK_NAME) ? nickName.substring(0, MAX_NICK_NAME) : nickName;
	}

}
