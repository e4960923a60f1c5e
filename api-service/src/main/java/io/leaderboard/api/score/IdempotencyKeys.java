package io.leaderboard.api.score;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes a submission that carries an {@code Idempotency-Key} happen at most once per
 * player and key within the retention (24 h): the key is claimed in the transaction that
 * writes the score, and that transaction also stores the answer, so either both the score
 * and the answer exist or neither does. A repeat gets the stored answer; a repeat with
 * another body is refused.
 */
@Component
class IdempotencyKeys {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyKeys.class);

	/**
	 * Claims the key, or takes over one past its retention. A concurrent claim of the
	 * same key that has not committed yet makes this wait until it commits (no row comes
	 * back: replay) or rolls back (the key is claimed here).
	 */
	private static final String SQL_CLAIM = """
			INSERT INTO idempotency_keys AS k (subject, idempotency_key, request_hash, created_at)
			VALUES (:subject, :key, :hash, :now)
			ON CONFLICT (subject, idempotency_key) DO UPDATE
			  SET request_hash = EXCLUDED.request_hash, response = NULL, created_at = EXCLUDED.created_at
			  WHERE k.created_at <= :expiredBefore
			RETURNING true
			""";

	private static final String SQL_FIND = """
			SELECT request_hash, response FROM idempotency_keys
			WHERE subject = :subject AND idempotency_key = :key AND created_at > :expiredBefore
			""";

	private static final String SQL_ANSWER = """
			UPDATE idempotency_keys SET response = :response WHERE subject = :subject AND idempotency_key = :key
			""";

	private static final String SQL_FORGET_EXPIRED = """
			DELETE FROM idempotency_keys WHERE created_at <= :expiredBefore
			""";

	/**
	 * Same content, same bytes: metadata {"a":1,"b":2} and {"b":2,"a":1} are one body.
	 */
	private static final JsonMapper canonical = JsonMapper.builder()
		.enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
		.build();

	private final JdbcClient jdbc;

	private final JsonMapper json;

	/** An answer stored by an older or newer version may have fields this one lacks. */
	private final ObjectReader answers;

	private final IdempotencyProperties properties;

	private final Clock clock;

	IdempotencyKeys(JdbcClient jdbc, JsonMapper json, IdempotencyProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.answers = json.readerFor(ScoreResponse.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * What identifies a request under one key: method, the board's path (so
	 * {@code /scores} and {@code /leaderboards/global/scores} are the same) and the body
	 * as parsed, with object keys sorted. A body without an outcome has the fingerprint
	 * it had before outcomes existed, so keys claimed then still replay (and one without
	 * a subscore the one it had before subscores).
	 */
	static byte[] fingerprint(String boardId, long score, JsonNode metadata, String outcome, Long subscore) {
		ObjectNode body = canonical.createObjectNode();
		body.put("score", score);
		body.set("metadata", metadata);
		if (outcome != null) {
			body.put("outcome", outcome);
		}
		if (subscore != null) {
			body.put("subscore", subscore);
		}
		byte[] request = ("POST /leaderboards/" + boardId + "/scores\n" + canonical.writeValueAsString(body))
			.getBytes(StandardCharsets.UTF_8);
		try {
			return MessageDigest.getInstance("SHA-256").digest(request);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/**
	 * Runs {@code write} and stores its answer under the key, unless the key already has
	 * one.
	 * @param now the time of the submission; keys claimed before {@code now} minus the
	 * retention count as unused
	 * @throws ScoreRejectedException (422) when the key was used for another request
	 */
	@Transactional
	public Answer once(String subject, IdempotencyKey key, byte[] fingerprint, Instant now,
			Supplier<ScoreResponse> write) {
		OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
		OffsetDateTime expiredBefore = at.minus(this.properties.retention());
		// a second round only when the stored key expired, or was cleaned up, between
		// the claim and the read
		for (int attempt = 0; attempt < 2; attempt++) {
			boolean claimed = this.jdbc.sql(SQL_CLAIM)
				.param("subject", subject)
				.param("key", key.value())
				.param("hash", fingerprint)
				.param("now", at)
				.param("expiredBefore", expiredBefore)
				.query(Boolean.class)
				.optional()
				.isPresent();
			if (claimed) {
				ScoreResponse answer = write.get();
				this.jdbc.sql(SQL_ANSWER)
					.param("subject", subject)
					.param("key", key.value())
					.param("response", this.json.writeValueAsString(answer))
					.update();
				return new Answer(answer, false);
			}
			// a new statement, so it sees what the claim waited for
			Optional<Stored> stored = this.jdbc.sql(SQL_FIND)
				.param("subject", subject)
				.param("key", key.value())
				.param("expiredBefore", expiredBefore)
				.query((rs, row) -> new Stored(rs.getBytes("request_hash"), rs.getString("response")))
				.optional();
			if (stored.isPresent()) {
				return replay(stored.get(), fingerprint);
			}
		}
		throw new IllegalStateException("Idempotency-Key of " + subject + " could be neither claimed nor read");
	}

	private Answer replay(Stored stored, byte[] fingerprint) {
		if (!MessageDigest.isEqual(stored.requestHash(), fingerprint)) {
			throw new ScoreRejectedException(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
					"This Idempotency-Key was used for another request (another board or body) in the last "
							+ this.properties.retention().toHours()
							+ " hours; nothing was recorded. Use a new key for a new submission.");
		}
		if (stored.response() == null) {
			// cannot happen: the answer commits with the claim; refuse rather than guess
			throw new ScoreRejectedException(HttpStatus.CONFLICT, "Request in progress",
					"A request with this Idempotency-Key has no answer yet; retry shortly.");
		}
		return new Answer(this.answers.readValue(stored.response()), true);
	}

	@Scheduled(fixedDelayString = "${leaderboard.idempotency.cleanup-interval:1h}",
			initialDelayString = "${leaderboard.idempotency.cleanup-interval:1h}")
	void forgetExpired() {
		try {
			int forgotten = this.jdbc.sql(SQL_FORGET_EXPIRED)
				.param("expiredBefore",
						OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC)
							.minus(this.properties.retention()))
				.update();
			logger.debug("Forgot {} idempotency keys past their retention", forgotten);
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot delete expired idempotency keys, trying again later: {}", ex.getMessage());
		}
	}

	/**
	 * The answer to a submission with a key.
	 *
	 * @param replayed whether it was stored by an earlier request with the same key
	 */
	record Answer(ScoreResponse response, boolean replayed) {

	}

	private record Stored(byte[] requestHash, String response) {

	}

}
