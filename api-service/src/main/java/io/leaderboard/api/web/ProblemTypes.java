package io.leaderboard.api.web;

import java.net.URI;

/**
 * The {@code type} of the problems a client is expected to tell apart by more than their
 * status (RFC 9457): one base for every such type, so they read as one family and the
 * base can move once. Problems without a type of their own stay {@code about:blank}.
 */
public final class ProblemTypes {

	public static final String BASE = "https://leaderboard.io/problems/";

	private ProblemTypes() {
	}

	/** The type named {@code name}, such as {@code not-open}. */
	public static URI of(String name) {
		return URI.create(BASE + name);
	}

}
