package io.kcap.capture;

/** A live capture could not be set up or failed: the message says what and why, in one line. */
public class CaptureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CaptureException(String message) {
    super(message);
  }

  public CaptureException(String message, Throwable cause) {
    super(message, cause);
  }
}
