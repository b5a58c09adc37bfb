package io.kcap.cli;

import java.io.PrintWriter;

/**
 * The workload the {@code ./kcap} launcher trains the AOT cache of {@code kcap capture} on: a
 * capture given as arguments ({@code capture -i lo -c ... -w FILE}), run as {@link KcapMain} runs
 * it, of the loopback traffic {@link TrainingTraffic} sends meanwhile from a JVM of its own.
 *
 * <p>It ends by returning from {@code main}, not in {@code System.exit}. The JDK logs every exit
 * through its platform logger, whose first use loads some 60 classes (logger finders, a service
 * loader, the runtime image reader); trained in, the cache would load them at every start, where
 * they cost resident memory next to the ring. A capture stopped by a signal never needs them (it
 * ends in {@code Runtime.halt}); one that reaches its count or duration loads them as it exits.
 */
final class CaptureTraining {
  private CaptureTraining() {}

  static void main(String[] args) {
    // Failing (no CAP_NET_RAW) still makes a cache, one that teaches less; the launcher says so
    // nowhere, as it discards this run's output.
    KcapMain.execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
  }
}
