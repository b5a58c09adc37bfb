package io.kcap.agent;

/**
 * A problem the user of kcap's agent or sandbox can act on: a malformed inventory or pods file, a
 * host that cannot take the sandbox, a network command that failed. The message names the file,
 * entry or command at fault; several problems found together are one line each.
 */
public final class AgentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AgentException(String message) {
    super(message);
  }

  public AgentException(String message, Throwable cause) {
    super(message, cause);
  }
}
