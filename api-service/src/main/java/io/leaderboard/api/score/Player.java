package io.leaderboard.api.score;

/**
 * Who submits: the token's subject, and the nick name a first score registers.
 */
record Player(String subject, String nickName) {

	static final int MAX_NICK_NAME = 64;

	Player {
		nickName = (nickName.length() > MAX_NICK_NAME) ? nickName.substring(0, MAX_NICK_NAME) : nickName;
	}

}
