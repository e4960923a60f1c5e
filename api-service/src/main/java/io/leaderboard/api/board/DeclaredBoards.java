package io.leaderboard.api.board;

import java.util.List;
import java.util.Map;

import io.leaderboard.events.Boards;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates or updates the boards declared in configuration at start; the configuration
 * wins over earlier admin changes of the same board. An invalid declaration stops the
 * service, as a typo in a board id should not go unnoticed.
 */
@Component
class DeclaredBoards implements ApplicationRunner {

	private final BoardCatalog catalog;

	private final BoardsProperties properties;

	DeclaredBoards(BoardCatalog catalog, BoardsProperties properties) {
		this.catalog = catalog;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		Map<String, BoardDefinition> declared = this.properties.declared();
		declared.keySet().forEach((id) -> {
			if (!Boards.isValidId(id)) {
				throw new IllegalStateException("leaderboard.boards.declared: \"" + id + "\" is not a valid board id");
			}
		});
		// first without links, so declared boards may link each other in any order
		declared.forEach((id, definition) -> {
			Board board = definition.toBoard(id);
			if (this.catalog.find(id).isEmpty()) {
				this.catalog.save(new Board(id, board.sortOrder(), board.operator(), board.resetSchedule(),
						board.maxScore(), List.of()));
			}
		});
		declared.forEach((id, definition) -> this.catalog.save(definition.toBoard(id)));
	}

}
