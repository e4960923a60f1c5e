package io.leaderboard.events;

/** A payload that can never be decoded, however often it is retried: a poison event. */
public class MalformedEventException extends RuntimeException {

	public MalformedEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
