package io.kcap.capture;

/**
 * Something kcap's capture layer could not do: a filter expression libpcap rejects, a native
 * library that is missing, a socket the kernel refused. The message is meant for the user.
 */
public class CaptureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CaptureException(String message) {
    super(message);
  }

  public CaptureException(String message, Throwable cause) {
    super(message, cause);
  }
}
