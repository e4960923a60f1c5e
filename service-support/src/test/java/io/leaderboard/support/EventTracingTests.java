package io.leaderboard.support;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTracingTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	final SdkTracerProvider provider = SdkTracerProvider.builder()
		.setSampler(Sampler.parentBased(Sampler.alwaysOff()))
		.build();

	final EventTracing tracing = new EventTracing(
			new OtelTracer(this.provider.get("test"), new OtelCurrentTraceContext(), (event) -> {
			}), new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
					this.provider.get("test")));

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void aRecordedTraceGoesOnWithASpanOfThisService() {
		String parent = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

		EventTracing.Hop hop = this.tracing.hop("step", parent);

		assertThat(hop.span()).isNotNull();
		assertThat(hop.traceParent()).startsWith("00-" + TRACE_ID + "-").endsWith("-01").isNotEqualTo(parent);
		hop.end();
	}

	@Test
	void anUnrecordedTraceIsPassedOnUnchangedWithoutASpan() {
		String parent = "00-" + TRACE_ID + "-00f067aa0ba902b7-00";

		EventTracing.Hop hop = this.tracing.hop("step", parent);

		assertThat(hop.span()).isNull();
		assertThat(hop.traceParent()).isEqualTo(parent);
		hop.end();
	}

	@Test
	void theSampledFlagIsBitZeroOfTheFlags() {
		assertThat(EventTracing.sampled("00-" + TRACE_ID + "-00f067aa0ba902b7-01")).isTrue();
		assertThat(EventTracing.sampled("00-" + TRACE_ID + "-00f067aa0ba902b7-03")).isTrue();
		assertThat(EventTracing.sampled("00-" + TRACE_ID + "-00f067aa0ba902b7-00")).isFalse();
		assertThat(EventTracing.sampled("00-" + TRACE_ID + "-00f067aa0ba902b7-02")).isFalse();
	}

}
