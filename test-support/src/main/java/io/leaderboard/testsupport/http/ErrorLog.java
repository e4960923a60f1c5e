package io.leaderboard.testsupport.http;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Collects what the service logs at ERROR (the web server's own logging included, which
 * Spring Boot bridges to the same root logger) while attached, so a test can assert that
 * a request left nothing for an operator to chase.
 */
public final class ErrorLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final List<String> errors = new ArrayList<>();

	private ErrorLog() {
	}

	public static ErrorLog attach() {
		ErrorLog log = new ErrorLog();
		log.setName("error-log");
		log.start();
		root().addAppender(log);
		return log;
	}

	/** The errors logged since the last call, each with its exception. */
	public synchronized List<String> drain() {
		List<String> drained = List.copyOf(this.errors);
		this.errors.clear();
		return drained;
	}

	@Override
	protected synchronized void append(ILoggingEvent event) {
		if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
			IThrowableProxy thrown = event.getThrowableProxy();
			this.errors.add(event.getLoggerName() + ": " + event.getFormattedMessage()
					+ ((thrown != null) ? " (" + thrown.getClassName() + ": " + thrown.getMessage() + ")" : ""));
		}
	}

	@Override
	public void close() {
		root().detachAppender(this);
		stop();
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
