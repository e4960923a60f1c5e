package io.leaderboard.projection.projection;

import java.util.List;

import io.leaderboard.projection.projection.DeadLetterReplay.DeadLetter;
import io.leaderboard.projection.projection.DeadLetterReplay.Replayed;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/deadletters} lists the dead letters not replayed yet;
 * {@code POST /actuator/deadletters} replays them.
 */
@Component
@Endpoint(id = "deadletters")
class DeadLetterEndpoint {

	private final DeadLetterReplay replay;

	DeadLetterEndpoint(DeadLetterReplay replay) {
		this.replay = replay;
	}

	@ReadOperation
	List<DeadLetter> pending() {
		return this.replay.pending();
	}

	@WriteOperation
	Replayed replay() throws Exception {
		return this.replay.replay();
	}

}
