package io.leaderboard.api.score;

import io.leaderboard.api.leaderboard.RankCounter;
import io.leaderboard.api.leaderboard.RankCounter.Ranks;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ScoreController {

	private final ScoreSubmission submission;

	private final RankCounter ranks;

	ScoreController(ScoreSubmission submission, RankCounter ranks) {
		this.submission = submission;
		this.ranks = ranks;
	}

	@PostMapping(path = "/scores", consumes = MediaType.APPLICATION_JSON_VALUE)
	ScoreResponse submit(@AuthenticationPrincipal Jwt token, @Valid @RequestBody ScoreRequest request) {
		StoredScore stored = this.submission.submit(playerOf(token), request.score());
		// a refused score changed nothing, so its "previous" rank is the current one
		Long previousScore = stored.accepted() ? stored.previousScore() : Long.valueOf(stored.score());
		Ranks ranks = this.ranks.ranksOf(stored.score(), previousScore);
		return new ScoreResponse(stored.userId(), stored.nickName(), stored.score(), ranks.rank(), ranks.previousRank(),
				stored.updatedAt());
	}

	private static Player playerOf(Jwt token) {
		String nickName = token.getClaimAsString("nickname");
		if (nickName == null || nickName.isBlank()) {
			nickName = token.getClaimAsString("preferred_username");
		}
		if (nickName == null || nickName.isBlank()) {
			nickName = token.getSubject();
		}
		return new Player(token.getSubject(), nickName);
	}

}
