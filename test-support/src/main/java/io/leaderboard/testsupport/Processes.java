package io.leaderboard.testsupport;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/** Stops the processes a test started. */
public final class Processes {

	private Processes() {
	}

	/**
	 * Asks every process to stop (SIGTERM) at once, then waits up to 15 s for each and
	 * kills what is left.
	 */
	public static void stop(Collection<Process> processes) {
		processes.forEach(Process::destroy);
		for (Process process : processes) {
			try {
				if (!process.waitFor(15, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
			}
		}
	}

}
