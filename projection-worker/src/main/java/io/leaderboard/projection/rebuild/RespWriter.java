package io.leaderboard.projection.rebuild;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one Redis command in RESP, the way Lettuce would, into a byte array of its own.
 * A rebuild sends a million entries: writing their digits and strings straight into bytes
 * on the reading thread spares an object per argument and most of the encoding work on
 * Lettuce's event loop, which competed with Redis and PostgreSQL for the same cores.
 */
final class RespWriter {

	private static final byte[] CRLF = { '\r', '\n' };

	private byte[] bytes;

	private int length;

	/**
	 * @param arguments how many arguments, the command's name included
	 * @param sizeHint the bytes expected
	 */
	RespWriter(String command, int arguments, int sizeHint) {
		this.bytes = new byte[Math.max(64, sizeHint)];
		header('*', arguments);
		ascii(command);
	}

	/** A key, a member or any text known to be ASCII (digits, ids, key names). */
	RespWriter ascii(String text) {
		int size = text.length();
		header('$', size);
		ensure(size + 2);
		for (int i = 0; i < size; i++) {
			this.bytes[this.length++] = (byte) text.charAt(i);
		}
		return crlf();
	}

	/** Any text, as UTF-8. */
	RespWriter text(String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		header('$', utf8.length);
		ensure(utf8.length + 2);
		System.arraycopy(utf8, 0, this.bytes, this.length, utf8.length);
		this.length += utf8.length;
		return crlf();
	}

	/** A number as its decimal digits, like {@link Long#toString(long)}. */
	RespWriter number(long value) {
		int size = digits(value);
		header('$', size);
		ensure(size + 2);
		writeDigits(value, size);
		return crlf();
	}

	byte[] bytes() {
		return this.bytes;
	}

	int length() {
		return this.length;
	}

	private void header(char type, int count) {
		ensure(24);
		this.bytes[this.length++] = (byte) type;
		writeDigits(count, digits(count));
		crlf();
	}

	private RespWriter crlf() {
		ensure(2);
		this.bytes[this.length++] = CRLF[0];
		this.bytes[this.length++] = CRLF[1];
		return this;
	}

	private void writeDigits(long value, int size) {
		if (value < 0) {
			// Long.MIN_VALUE has no positive twin: its digits are written from the
			// negatives
			this.bytes[this.length] = '-';
			for (int i = this.length + size - 1; i > this.length; i--) {
				this.bytes[i] = (byte) ('0' - (value % 10));
				value /= 10;
			}
		}
		else {
			for (int i = this.length + size - 1; i >= this.length; i--) {
				this.bytes[i] = (byte) ('0' + (value % 10));
				value /= 10;
			}
		}
		this.length += size;
	}

	private static int digits(long value) {
		int size = (value < 0) ? 2 : 1;
		for (long rest = value / 10; rest != 0; rest /= 10) {
			size++;
		}
		return size;
	}

	private void ensure(int more) {
		if (this.length + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
		}
	}

}
