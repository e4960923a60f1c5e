package io.leaderboard.projection.rebuild;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands a rebuild writes itself are the RESP that Redis expects. */
class RespWriterTests {

	@Test
	void writesEachArgumentAsABulkStringAfterTheArgumentCount() {
		RespWriter resp = new RespWriter("HSET", 8, 0).ascii("key")
			.number(0)
			.number(-5)
			.number(Long.MIN_VALUE)
			.number(Long.MAX_VALUE)
			.text("Zoë \uD83C\uDFC6")
			.ascii("00001");

		assertThat(new String(Arrays.copyOf(resp.bytes(), resp.length()), StandardCharsets.UTF_8))
			.isEqualTo("*8\r\n$4\r\nHSET\r\n$3\r\nkey\r\n$1\r\n0\r\n$2\r\n-5\r\n$20\r\n-9223372036854775808\r\n"
					+ "$19\r\n9223372036854775807\r\n$9\r\nZoë \uD83C\uDFC6\r\n$5\r\n00001\r\n");
	}

}
