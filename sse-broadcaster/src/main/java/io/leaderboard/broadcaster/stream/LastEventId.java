package io.leaderboard.broadcaster.stream;

/**
 * Where a client resumes a stream: the {@code Last-Event-ID} header browsers send, or the
 * {@code lastEventId} parameter of clients that cannot set headers.
 */
final class LastEventId {

	private LastEventId() {
	}

	/**
	 * The header's id if there is one, else the parameter's; null (start afresh with a
	 * snapshot) when neither is given, or the one given is not an id we could have
	 * issued.
	 */
	static Long of(String header, String parameter) {
		String value = (header != null) ? header : parameter;
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			// an id we never issued: treat the client as new
			return null;
		}
	}

}
