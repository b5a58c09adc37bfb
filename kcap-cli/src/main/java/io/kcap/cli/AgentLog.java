package io.kcap.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Shows what the agent logs (sessions started and stopped, failures) on the command's error stream,
 * one line each: {@code 2025-06-01T12:00:00 INFO capturing ...}.
 */
final class AgentLog extends Handler implements AutoCloseable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Logger logger = Logger.getLogger("io.kcap");
  private final PrintWriter err;

  private AgentLog(PrintWriter err) {
    this.err = err;
  }

  /** Sends kcap's log records to {@code err} until closed. */
  static AgentLog to(PrintWriter err) {
    AgentLog log = new AgentLog(err);
    log.logger.addHandler(log);
    log.logger.setUseParentHandlers(false);
    return log;
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() < Level.INFO.intValue()) {
      return;
    }
    String line =
        TIME.format(record.getInstant()) + " " + record.getLevel() + " " + record.getMessage();
    if (record.getThrown() != null) {
      line += ": " + record.getThrown();
    }
    synchronized (err) {
      err.println(line);
      err.flush();
    }
  }

  @Override
  public void flush() {
    err.flush();
  }

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setUseParentHandlers(true);
  }
}
