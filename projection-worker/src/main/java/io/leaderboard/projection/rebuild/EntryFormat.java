package io.leaderboard.projection.rebuild;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.Outcomes;
import io.leaderboard.events.PlayerDetails;
import io.leaderboard.events.Rankings;

/**
 * Writes an entry's ZSET member and details JSON from plain column values, byte for byte
 * as {@link Rankings#member} and {@link EventCodec#toJson} of a {@link PlayerDetails}
 * write them for an event. A rebuild formats a million of them: going through
 * {@code OffsetDateTime}, {@code String.format} and Jackson per row made it CPU bound,
 * and a fresh JVM compiles a small loop like this one much sooner.
 */
final class EntryFormat {

	/**
	 * 10^16 µs: where {@link Rankings#member}'s 16 time digits stop being fixed width.
	 */
	private static final long MAX_MEMBER_MICROS = 10_000_000_000_000_000L;

	/** 10000-01-01T00:00:00Z in µs: ISO years past 9999 carry a sign. */
	private static final long MAX_PLAIN_YEAR_MICROS = 253_402_300_800_000_000L;

	private EntryFormat() {
	}

	static String member(long reachedMicros, long userId) {
		if (reachedMicros < 0 || reachedMicros >= MAX_MEMBER_MICROS || userId < 0) {
			return Rankings.member(instant(reachedMicros), userId);
		}
		char[] member = new char[35];
		digits(member, 0, 16, reachedMicros);
		digits(member, 16, 19, userId);
		return new String(member);
	}

	/**
	 * The details JSON. {@code metadata} is PostgreSQL's text of the {@code jsonb}, which
	 * spaces and escapes differently from Jackson: it goes through the codec, as does a
	 * nickname that needs escaping.
	 */
	static String details(String nickName, long updatedMicros, long gamesPlayed, Outcomes outcomes, String metadata,
			EventCodec codec) {
		StringBuilder json = new StringBuilder(96);
		json.append("{\"nickName\":");
		if (plain(nickName)) {
			json.append('"').append(nickName).append('"');
		}
		else {
			json.append(codec.toJson(nickName));
		}
		json.append(",\"updatedAt\":\"");
		appendInstant(json, updatedMicros);
		json.append("\",\"gamesPlayed\":").append(gamesPlayed);
		json.append(",\"outcomes\":{\"wins\":").append(outcomes.wins());
		json.append(",\"losses\":").append(outcomes.losses());
		json.append(",\"draws\":").append(outcomes.draws()).append("},\"metadata\":");
		json.append((metadata != null) ? codec.toJson(codec.tree(metadata)) : "null");
		return json.append('}').toString();
	}

	/**
	 * As {@link Instant#toString()}: fractions in groups of three digits, none when 0.
	 */
	static void appendInstant(StringBuilder out, long micros) {
		if (micros < 0 || micros >= MAX_PLAIN_YEAR_MICROS) {
			out.append(instant(micros));
			return;
		}
		long seconds = micros / 1_000_000;
		int fraction = (int) (micros % 1_000_000);
		long days = seconds / 86_400;
		int secondOfDay = (int) (seconds % 86_400);
		LocalDate date = LocalDate.ofEpochDay(days);
		pad(out, date.getYear(), 4).append('-');
		pad(out, date.getMonthValue(), 2).append('-');
		pad(out, date.getDayOfMonth(), 2).append('T');
		pad(out, secondOfDay / 3600, 2).append(':');
		pad(out, secondOfDay / 60 % 60, 2).append(':');
		pad(out, secondOfDay % 60, 2);
		if (fraction != 0) {
			out.append('.');
			if (fraction % 1000 == 0) {
				pad(out, fraction / 1000, 3);
			}
			else {
				pad(out, fraction, 6);
			}
		}
		out.append('Z');
	}

	private static Instant instant(long micros) {
		return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
	}

	/** Whether Jackson would write the text between quotes unchanged. */
	private static boolean plain(String text) {
		if (text == null) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	private static StringBuilder pad(StringBuilder out, int value, int width) {
		for (int limit = 10, i = 1; i < width; i++, limit *= 10) {
			if (value < limit) {
				out.append('0');
			}
		}
		return out.append(value);
	}

	private static void digits(char[] out, int from, int width, long value) {
		for (int i = from + width - 1; i >= from; i--) {
			out[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

}
