package io.leaderboard.projection.rebuild;

import io.leaderboard.events.Boards;
import io.leaderboard.projection.rebuild.BoardRebuilder.Rebuild;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code POST /actuator/rebuild} rebuilds every board from PostgreSQL; {@code POST
 * /actuator/rebuild/{board}} one board. An operations endpoint on the management port,
 * which is not routed from outside the cluster.
 */
@Component
@Endpoint(id = "rebuild")
class RebuildEndpoint {

	private final BoardRebuilder rebuilder;

	RebuildEndpoint(BoardRebuilder rebuilder) {
		this.rebuilder = rebuilder;
	}

	@WriteOperation
	Rebuild rebuildAll() {
		return this.rebuilder.rebuildAll("admin");
	}

	@WriteOperation
	Rebuild rebuildBoard(@Selector String board) {
		if (!board.matches(Boards.ID_REGEX)) {
			throw new InvalidEndpointRequestException("board " + Boards.ID_MESSAGE, "invalid board id");
		}
		return this.rebuilder.rebuildBoard(board, "admin");
	}

}
