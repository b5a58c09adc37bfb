package io.kcap.pcap;

import java.io.Closeable;
import java.io.IOException;

/** Writes packets to a capture file or stream. Closing flushes and completes the file. */
public interface PacketWriter extends Closeable {

  void write(Packet packet) throws IOException;

  /** Hands everything written so far to the underlying channel. */
  void flush() throws IOException;
}
