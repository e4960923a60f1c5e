package io.leaderboard.support;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The trace of a score, carried from service to service in W3C {@code traceparent} form:
 * in the outbox row, then in the headers of every Kafka record it causes. Each hop
 * continues the trace with a span of its own. Without a tracer (tests) every method is a
 * no-op and {@code traceparent} is null.
 */
public class EventTracing {

	/** The W3C trace context header, also the Kafka header name. */
	public static final String TRACEPARENT = "traceparent";

	private final Tracer tracer;

	private final Propagator propagator;

	public EventTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** The current span's context, for an outbox row; null outside any trace. */
	public String currentTraceParent() {
		Span span = this.tracer.currentSpan();
		return (span != null) ? traceParent(span) : null;
	}

	/**
	 * Starts a span that continues the trace of {@code traceParent}, or a new trace when
	 * there is none. The caller ends it.
	 */
	public Span start(String name, String traceParent) {
		Span.Builder builder = (traceParent != null)
				? this.propagator.extract(Map.of(TRACEPARENT, traceParent), Map::get) : this.tracer.spanBuilder();
		return builder.name(name).start();
	}

	/**
	 * This service's step in the trace of {@code traceParent}: a span of its own when the
	 * trace is recorded (or there is none yet, which starts one), and otherwise nothing
	 * at all: an unsampled trace records nothing anywhere, so its context is passed on
	 * unchanged instead of paying for a span per event. The caller ends the hop.
	 */
	public Hop hop(String name, String traceParent) {
		if (traceParent != null && !sampled(traceParent)) {
			return new Hop(null, traceParent);
		}
		Span span = start(name, traceParent);
		return new Hop(span, traceParent(span));
	}

	/** Whether the W3C context's flags ask for the trace to be recorded. */
	static boolean sampled(String traceParent) {
		// version-traceid-spanid-flags; bit 0 of the flags is "sampled"
		int dash = traceParent.lastIndexOf('-');
		if (dash < 0 || dash + 3 != traceParent.length()) {
			return true;
		}
		return (Character.digit(traceParent.charAt(dash + 2), 16) & 1) == 1;
	}

	/** The span's context in {@code traceparent} form. */
	public String traceParent(Span span) {
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(span.context(), carrier, Map::put);
		return carrier.get(TRACEPARENT);
	}

	/**
	 * One service's step in a trace.
	 *
	 * @param span the span recording it, null when the trace is not sampled
	 * @param traceParent the context to pass on, null outside any trace
	 */
	public record Hop(Span span, String traceParent) {

		public void end() {
			if (this.span != null) {
				this.span.end();
			}
		}

	}

}
