package io.leaderboard.broadcaster.socket;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leaderboard.events.Boards;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any text a WebSocket message can hold (the corpus in {@code SocketCommandTestsInputs})
 * is a command or none, and a command's board is valid or not; neither throws.
 */
class SocketCommandTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@FuzzTest(maxDuration = "30s")
	void anyTextIsACommandOrNone(byte[] input) {
		String text = new String(input, StandardCharsets.UTF_8);

		SocketCommand command = SocketCommand.parse(JSON, text);

		if (command != null && Boards.isValidId(command.board())) {
			assertThat(command.board()).matches(Boards.ID_REGEX);
		}
	}

}
