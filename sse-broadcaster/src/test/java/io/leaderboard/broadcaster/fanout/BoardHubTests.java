package io.leaderboard.broadcaster.fanout;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.PeriodClosed;
import io.leaderboard.events.PeriodResult;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class BoardHubTests {

	private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	/** No rate cap here: these tests count every frame; the cap has its own test. */
	private final BoardHub hub = new BoardHub(
			"global", new EventCodec(), new StreamProperties(Duration.ofSeconds(15), Duration.ofSeconds(3),
					Duration.ofSeconds(60), 100, Duration.ZERO, Duration.ofSeconds(30)),
			this.clock, Schedulers.immediate());

	@Test
	void aNewClientGetsASnapshotOfTheCurrentTop() {
		this.hub.publish(changed(5, "Alice", 100));

		assertThat(this.hub.firstFrames(null)).singleElement().satisfies((frame) -> {
			assertThat(frame.event()).isEqualTo("snapshot");
			assertThat(frame.sequence()).isEqualTo(5);
			assertThat(frame.data()).contains("\"reason\":\"connect\"").contains("\"nickName\":\"Alice\"");
		});
	}

	@Test
	void aResumingClientGetsExactlyWhatItMissed() {
		this.hub.publish(changed(1, "Alice", 100));
		this.hub.publish(changed(2, "Alice", 200));
		this.hub.publish(changed(3, "Alice", 300));

		assertThat(this.hub.firstFrames(1L)).extracting(Frame::sequence).containsExactly(2L, 3L);
		assertThat(this.hub.firstFrames(1L)).extracting(Frame::event).containsOnly("update");
		assertThat(this.hub.firstFrames(3L)).isEmpty();
	}

	@Test
	void anIdOlderThanTheBufferOrUnknownGetsAFreshSnapshot() {
		this.hub.publish(changed(10, "Alice", 100));
		this.clock.advance(Duration.ofSeconds(61));
		this.hub.publish(changed(11, "Alice", 200));

		assertThat(this.hub.firstFrames(9L)).singleElement().satisfies((frame) -> {
			assertThat(frame.event()).isEqualTo("snapshot");
			assertThat(frame.data()).contains("\"reason\":\"resume-gap\"");
		});
		assertThat(this.hub.firstFrames(99L)).extracting(Frame::event).containsExactly("snapshot");
		assertThat(this.hub.firstFrames(10L)).extracting(Frame::sequence).containsExactly(11L);
	}

	@Test
	void olderOrRepeatedNotificationsAreIgnored() {
		this.hub.publish(changed(7, "Alice", 100));
		this.hub.publish(changed(6, "Bob", 999));
		this.hub.publish(changed(7, "Bob", 999));

		assertThat(this.hub.sequence()).isEqualTo(7);
		assertThat(this.hub.top()).extracting(LeaderboardEntry::nickName).containsExactly("Alice");
	}

	@Test
	void everySubscriberIsHandedTheSameSerialisedUpdate() {
		List<Frame> first = new ArrayList<>();
		List<Frame> second = new ArrayList<>();
		Disposable one = this.hub.subscribe(null).subscribe(first::add);
		Disposable two = this.hub.subscribe(null).subscribe(second::add);

		this.hub.publish(changed(1, "Alice", 100));

		assertThat(first).hasSize(2);
		assertThat(second).hasSize(2);
		assertThat(first.get(1).data()).isSameAs(second.get(1).data());
		one.dispose();
		two.dispose();
		assertThat(this.hub.subscriberCount()).isZero();
	}

	@Test
	void aClientThatDoesNotReadKeepsOnlyTheLatestUpdate() {
		StepVerifier.create(this.hub.subscribe(null), 0).then(() -> {
			for (int sequence = 1; sequence <= 50; sequence++) {
				this.hub.publish(changed(sequence, "Alice", sequence));
			}
		})
			.thenRequest(1)
			.assertNext((frame) -> assertThat(frame.sequence()).isEqualTo(50))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void stoppingTellsEveryStreamToReconnectAndEndsIt() {
		StepVerifier.create(this.hub.subscribe(null))
			.assertNext((frame) -> assertThat(frame.event()).isEqualTo("snapshot"))
			.then(this.hub::completeAll)
			.assertNext((frame) -> {
				assertThat(frame.event()).isEqualTo("reconnect");
				assertThat(frame.data()).contains("\"reason\":\"shutdown\"");
			})
			.verifyComplete();
	}

	@Test
	void aClientThatStopsReadingIsDroppedAfterTheStallTimeoutAndOthersAreNot() {
		List<Frame> reader = new ArrayList<>();
		Disposable reading = this.hub.subscribe(null).subscribe(reader::add);
		StepVerifier.create(this.hub.subscribe(null), 1)
			.assertNext((frame) -> assertThat(frame.event()).isEqualTo("snapshot"))
			.then(() -> {
				this.hub.publish(changed(1, "Alice", 100));
				this.clock.advance(Duration.ofSeconds(29));
				assertThat(this.hub.dropStalled()).isZero();
				this.hub.publish(changed(2, "Alice", 200));
				this.clock.advance(Duration.ofSeconds(2));
				assertThat(this.hub.dropStalled()).isEqualTo(1);
			})
			// ended at once, though it still has not read: it may resume by its last id
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(reader).extracting(Frame::sequence).containsExactly(0L, 1L, 2L);
		assertThat(this.hub.subscriberCount()).isEqualTo(1);
		reading.dispose();
	}

	@Test
	void theRateCapSendsTheFirstFrameAtOnceThenTheLatestPerIntervalAndReplaysEverything() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		BoardHub capped = capped(time);
		List<Long> live = new ArrayList<>();
		Disposable client = capped.subscribe(null).subscribe((frame) -> live.add(frame.sequence()));

		for (long sequence = 1; sequence <= 12; sequence++) {
			time.advanceTimeBy(Duration.ofMillis(120));
			capped.publish(changed(sequence, "Alice", sequence));
		}
		time.advanceTimeBy(Duration.ofSeconds(1));

		// a frame every 120 ms: the first at once, then the newest every 500 ms
		assertThat(live).containsExactly(0L, 1L, 5L, 9L, 12L);
		assertThat(capped.firstFrames(1L)).extracting(Frame::sequence).hasSize(11);
		client.dispose();
	}

	@Test
	void aClosedPeriodIsAnnouncedOncePerRevisionThenTheNextPeriodStartsEmpty() {
		this.hub.publish(changed(5, "Alice", 100));
		List<Frame> frames = new ArrayList<>();
		Disposable client = this.hub.subscribe(null).subscribe(frames::add);
		PeriodClosed closed = new PeriodClosed(PeriodClosed.SCHEMA_VERSION, "global", "all", "next", NOW, NOW, NOW, 1,
				1, List.of(new PeriodResult(1, 1, "Alice", 100, null)));

		this.hub.periodClosed(closed);
		this.hub.periodClosed(closed);

		assertThat(frames).extracting(Frame::event).containsExactly("snapshot", "period-closed", "snapshot");
		assertThat(frames.get(1).data()).startsWith("{\"type\":\"period-closed\",\"board\":\"global\"")
			.contains("\"nickName\":\"Alice\"");
		assertThat(frames.get(2).data()).contains("\"period\":\"next\"", "\"reason\":\"period-closed\"", "\"top\":[]");
		assertThat(this.hub.firstFrames(null)).singleElement()
			.satisfies((snapshot) -> assertThat(snapshot.data()).contains("\"period\":\"next\""));
		client.dispose();
	}

	@Test
	void subscribersOnAnEventLoopAreHandedTheirFramesByOneTaskPerLoopInTheHubsOrder() {
		this.hub.publish(changed(5, "Alice", 100));
		List<Runnable> loopA = new ArrayList<>();
		List<Runnable> loopB = new ArrayList<>();
		List<Frame> first = new ArrayList<>();
		List<Frame> second = new ArrayList<>();
		List<Frame> third = new ArrayList<>();
		Executor a = loopA::add;
		Executor b = loopB::add;
		Disposable one = this.hub.subscribe(null, FrameMode.FULL, a).subscribe(first::add);
		Disposable two = this.hub.subscribe(null, FrameMode.FULL, a).subscribe(second::add);
		Disposable three = this.hub.subscribe(null, FrameMode.FULL, b).subscribe(third::add);
		PeriodClosed closed = new PeriodClosed(PeriodClosed.SCHEMA_VERSION, "global", "all", "next", NOW, NOW, NOW, 1,
				1, List.of(new PeriodResult(1, 1, "Alice", 100, null)));

		this.hub.publish(changed(6, "Alice", 200));
		this.hub.periodClosed(closed);

		// the snapshot on subscribing is handed over at once; live frames wait for the
		// loop
		assertThat(first).extracting(Frame::event).containsExactly("snapshot");
		assertThat(loopA).hasSize(2);
		assertThat(loopB).hasSize(2);
		loopA.forEach(Runnable::run);
		loopB.forEach(Runnable::run);
		assertThat(first).extracting(Frame::event).containsExactly("snapshot", "update", "period-closed", "snapshot");
		assertThat(second).extracting(Frame::event).containsExactly("snapshot", "update", "period-closed", "snapshot");
		assertThat(third).extracting(Frame::event).containsExactly("snapshot", "update", "period-closed", "snapshot");
		assertThat(first.get(1)).isSameAs(third.get(1));
		one.dispose();
		two.dispose();
		three.dispose();
	}

	@Test
	void everyConnectionWritesTheFramesSharedBytesWithoutCopyingThem() {
		Frame frame = new Frame(7, "update", "{\"type\":\"update\"}");

		assertThat(frame.sseForOneConnection().isDirect()).isTrue();
		assertThat(frame.sseForOneConnection().toString(StandardCharsets.UTF_8))
			.isEqualTo("id:7\nevent:update\ndata:{\"type\":\"update\"}\n\n");
		// a write releases its duplicate; the shared bytes stay for the next connection
		frame.textForOneConnection().release();
		assertThat(frame.textForOneConnection().toString(StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"update\"}");
	}

	@Test
	void deltaClientsShareOneFrameWithOnlyTheChangedRowsAndTheSequenceItAppliesOn() {
		this.hub.publish(topTen(1, 0));
		List<Frame> first = new ArrayList<>();
		List<Frame> second = new ArrayList<>();
		List<Frame> plain = new ArrayList<>();
		Disposable one = this.hub.subscribe(null, FrameMode.DELTA).subscribe(first::add);
		Disposable two = this.hub.subscribe(null, FrameMode.DELTA).subscribe(second::add);
		Disposable full = this.hub.subscribe(null).subscribe(plain::add);

		this.hub.publish(topTen(2, 50));

		assertThat(first).extracting(Frame::event).containsExactly("snapshot", "delta");
		assertThat(first.get(1)).isSameAs(second.get(1));
		assertThat(first.get(1).data()).isEqualTo("{\"type\":\"delta\",\"board\":\"global\",\"period\":\"all\","
				+ "\"sequence\":2,\"base\":1,\"size\":10,\"rows\":[{\"index\":4,\"rank\":5,\"userId\":5,"
				+ "\"nickName\":\"player-5\",\"score\":1550,\"updatedAt\":\"2026-11-22T12:00:00Z\",\"metadata\":null}]}");
		assertThat(plain).extracting(Frame::event).containsExactly("snapshot", "update");
		one.dispose();
		two.dispose();
		full.dispose();
	}

	@Test
	void aDeltaClientThatLeftAFrameUnreadGetsASnapshotThenDeltasAgain() {
		this.hub.publish(topTen(1, 0));
		StepVerifier.create(this.hub.subscribe(null, FrameMode.DELTA), 1)
			.assertNext((frame) -> assertThat(frame.event()).isEqualTo("snapshot"))
			.then(() -> {
				this.hub.publish(topTen(2, 10));
				// replaces the unread delta 2, which delta 3 would have needed
				this.hub.publish(topTen(3, 20));
			})
			.thenRequest(1)
			.assertNext((frame) -> {
				assertThat(frame.event()).isEqualTo("snapshot");
				assertThat(frame.sequence()).isEqualTo(3);
				assertThat(frame.data()).contains("\"reason\":\"gap\"", "\"score\":1520");
			})
			.then(() -> this.hub.publish(topTen(4, 30)))
			.thenRequest(1)
			.assertNext((frame) -> assertThat(frame.data()).contains("\"type\":\"delta\"", "\"base\":3"))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aDeltaClientResumingBehindGetsOneSnapshotAndOneInStepGetsNothing() {
		this.hub.publish(topTen(1, 0));
		this.hub.publish(topTen(2, 10));
		this.hub.publish(topTen(3, 20));

		assertThat(this.hub.firstFrames(1L, FrameMode.DELTA)).singleElement().satisfies((frame) -> {
			assertThat(frame.sequence()).isEqualTo(3);
			assertThat(frame.data()).contains("\"type\":\"snapshot\"", "\"reason\":\"gap\"");
		});
		assertThat(this.hub.firstFrames(3L, FrameMode.DELTA)).isEmpty();
		assertThat(this.hub.firstFrames(null, FrameMode.DELTA)).extracting(Frame::event).containsExactly("snapshot");
	}

	@Test
	void underTheRateCapADeltaAppliesOnWhatWasDeliveredAndALateJoinerWaitsForTheNext() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		BoardHub capped = capped(time);
		capped.publish(topTen(1, 0));
		List<String> early = new ArrayList<>();
		List<String> late = new ArrayList<>();
		Disposable one = capped.subscribe(null, FrameMode.DELTA).subscribe((frame) -> early.add(frame.data()));
		capped.publish(topTen(2, 10));
		capped.publish(topTen(3, 20));
		Disposable two = capped.subscribe(null, FrameMode.DELTA).subscribe((frame) -> late.add(frame.data()));
		time.advanceTimeBy(Duration.ofMillis(500));
		capped.publish(topTen(4, 30));
		time.advanceTimeBy(Duration.ofMillis(500));

		// update 1 started the cap's interval: 2 was held, then conflated into 3, whose
		// delta is against 1, as delivered
		assertThat(early).hasSize(3);
		assertThat(early.get(1)).contains("\"sequence\":3,\"base\":1");
		assertThat(early.get(2)).contains("\"sequence\":4,\"base\":3");
		assertThat(late).hasSize(2);
		assertThat(late.get(0)).contains("\"type\":\"snapshot\"", "\"sequence\":3");
		assertThat(late.get(1)).isSameAs(early.get(2));
		one.dispose();
		two.dispose();
	}

	/** A hub with the rate cap of 500 ms, timed by {@code time}. */
	private BoardHub capped(VirtualTimeScheduler time) {
		return new BoardHub("global", new EventCodec(), new StreamProperties(Duration.ofSeconds(15),
				Duration.ofSeconds(3), Duration.ofSeconds(60), 100, Duration.ofMillis(500), Duration.ofSeconds(30)),
				this.clock, time);
	}

	/**
	 * A top 10 at {@code sequence} where only the fifth player's score moved by
	 * {@code bump}.
	 */
	private static LeaderboardChanged topTen(long sequence, long bump) {
		List<LeaderboardEntry> top = new ArrayList<>();
		for (int rank = 1; rank <= 10; rank++) {
			top.add(new LeaderboardEntry(rank, rank, "player-" + rank, 2000 - 100 * rank + ((rank == 5) ? bump : 0),
					NOW, null));
		}
		return new LeaderboardChanged(LeaderboardChanged.SCHEMA_VERSION, "global", "all", sequence, top, List.of(),
				false, NOW, NOW);
	}

	private static LeaderboardChanged changed(long sequence, String nickName, long score) {
		return new LeaderboardChanged(LeaderboardChanged.SCHEMA_VERSION, "global", "all", sequence,
				List.of(new LeaderboardEntry(1, 1, nickName, score, NOW, null)), List.of(), false, NOW, NOW);
	}

	private static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
