package io.leaderboard.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The decided games counted in a player's entry on one board period: the outcomes the
 * player's submissions declared ({@code win}, {@code loss}, {@code draw}).
 */
public record Outcomes(long wins, long losses, long draws) {

	/** No outcome declared yet, and what JSON written before outcomes existed means. */
	public static final Outcomes NONE = new Outcomes(0, 0, 0);

	/** Wins over decided games (draws do not decide), null before any decided game. */
	@JsonIgnore
	public Double winRate() {
		long decided = this.wins + this.losses;
		return (decided == 0) ? null : (double) this.wins / decided;
	}

}
