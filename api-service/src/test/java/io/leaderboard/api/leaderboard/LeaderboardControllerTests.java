package io.leaderboard.api.leaderboard;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.board.BoardNotFoundException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * How the read controllers answer what they refuse or cannot serve: every refusal is a
 * problem document with the status a client can act on, and nothing is read for a request
 * that is refused. No servers: the rankings are mocks.
 */
@WebMvcTest(LeaderboardController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(SimpleMeterRegistry.class)
class LeaderboardControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	BoardCatalog catalog;

	@MockitoBean
	RankingReader reader;

	@Test
	void anUnknownBoardIsANotFoundProblem() throws Exception {
		given(this.catalog.require("nope")).willThrow(new BoardNotFoundException("nope"));

		problem(this.mvc.perform(get("/leaderboards/nope/users/1")), 404)
			.andExpect(jsonPath("$.detail").value("There is no board \"nope\"; GET /leaderboards lists the boards."));
	}

	@Test
	void aBoardIdNoBoardCanHaveIsABadRequestProblem() throws Exception {
		problem(this.mvc.perform(get("/leaderboards/Not_A_Board/stats")), 400);
		verifyNoInteractions(this.catalog, this.reader);
	}

	@Test
	void aLimitOutOfRangeIsABadRequestProblem() throws Exception {
		problem(this.mvc.perform(get("/leaderboards/global/top?limit=1001")), 400);
		problem(this.mvc.perform(get("/leaderboards/global/top?limit=abc")), 400);
		verifyNoInteractions(this.reader);
	}

	@Test
	void aPlayerWithoutAScoreIsANotFoundProblem() throws Exception {
		given(this.reader.standing(any(), any(), eq(7L))).willThrow(new PlayerNotFoundException("global", "all", 7L));

		problem(this.mvc.perform(get("/leaderboards/global/users/7")), 404)
			.andExpect(jsonPath("$.title").value("Player not found"));
	}

	@Test
	void aReadOnlyRedisAnswersIsUnavailableWithRetryAfterWhileRedisIsAway() throws Exception {
		given(this.reader.around(any(), any(), anyLong(), anyInt()))
			.willThrow(new RankingsUnavailableException(new QueryTimeoutException("Redis timed out")));

		problem(this.mvc.perform(get("/leaderboards/global/users/7/around")), 503)
			.andExpect(header().string("Retry-After", "5"));
	}

	@Test
	void aRanksLookupOfMoreThanAHundredPlayersIsABadRequestProblem() throws Exception {
		String ids = java.util.stream.LongStream.rangeClosed(1, 101)
			.mapToObj(Long::toString)
			.collect(java.util.stream.Collectors.joining(","));

		problem(this.mvc.perform(post("/leaderboards/global/ranks").contentType(MediaType.APPLICATION_JSON)
			.content("{\"userIds\": [" + ids + "]}")), 400);
		verifyNoInteractions(this.reader);
	}

	private static ResultActions problem(ResultActions result, int status) throws Exception {
		return result.andExpect(status().is(status))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(status));
	}

}
