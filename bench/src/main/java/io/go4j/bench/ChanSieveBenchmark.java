package io.go4j.bench;

import static io.go4j.Go.chan;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.ChannelClosed;
import io.go4j.channels.Chan;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Channels workload 8, prime sieve: Go's classic concurrent sieve on unbuffered channels. A
 * generator sends 2, 3, 4, ...; the main goroutine takes a prime from the current channel, starts
 * a filter goroutine that passes on the numbers not divisible by it into a new channel, and reads
 * from that one next: after 2,000 primes, a chain of 2,000 filters. So that every run ends with no
 * goroutine left over, the generator stops at {@value #LIMIT} and closes its channel, each filter
 * closes its output when its input is closed (the JDK, without close, forwards an end marker),
 * and the main goroutine checks that the 2,000th prime is 17,389 and that nothing follows it. Score
 * in ms per run (bench/go: {@code chan sieve}). jox gets fewer iterations (it is ~25× slower here:
 * rendezvous spinning).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class ChanSieveBenchmark {
  static final int PRIMES = 2_000;

  /** The 2,000th prime: the generator's last number. */
  static final int LIMIT = 17_389;

  /** The JDK's end-of-stream marker (its queues cannot be closed). */
  private static final Integer END = -1;

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j(Go4jRuntime s) throws Exception {
    return go4jSieve("ChanSieveBenchmark.go4j", Spawner.of(s.rt));
  }

  /**
   * The same go4j workload on {@link TrivialScheduler}'s one carrier: its floor on JDK virtual
   * threads (the channels report's floor row).
   */
  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4jOnTrivialScheduler(TrivialScheduler t) throws Exception {
    return go4jSieve("ChanSieveBenchmark.go4jOnTrivialScheduler", t);
  }

  private static long go4jSieve(String what, Spawner on) throws Exception {
    return on.main(
        what,
        () -> {
          Chan<Integer> ch = chan();
          Chan<Integer> gen = ch;
          on.go(
              () -> {
                for (int i = 2; i <= LIMIT; i++) {
                  gen.send(i);
                }
                gen.close();
              });
          int prime = 0;
          for (int n = 0; n < PRIMES; n++) {
            prime = ch.recv();
            int p = prime;
            Chan<Integer> in = ch;
            Chan<Integer> out = chan();
            on.go(
                () -> {
                  for (Integer i : in) {
                    if (i % p != 0) {
                      out.send(i);
                    }
                  }
                  out.close();
                });
            ch = out;
          }
          Integer after = ch.recv();
          return check(prime, after);
        });
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public long jox() throws Exception {
    return Watchdog.virtual(
        "ChanSieveBenchmark.jox",
        () -> {
          Channel<Integer> ch = Channel.newRendezvousChannel();
          Channel<Integer> gen = ch;
          Workloads.startVirtual(
              () -> {
                for (int i = 2; i <= LIMIT; i++) {
                  gen.send(i);
                }
                gen.done();
              });
          int prime = 0;
          for (int n = 0; n < PRIMES; n++) {
            prime = ch.receive();
            int p = prime;
            Channel<Integer> in = ch;
            Channel<Integer> out = Channel.newRendezvousChannel();
            Workloads.startVirtual(
                () -> {
                  while (true) {
                    Object r = in.receiveOrClosed();
                    if (r instanceof ChannelClosed) {
                      break;
                    }
                    Integer i = (Integer) r;
                    if (i % p != 0) {
                      out.send(i);
                    }
                  }
                  out.done();
                });
            ch = out;
          }
          Object after = ch.receiveOrClosed();
          return check(prime, after instanceof ChannelClosed ? null : after);
        });
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdk() throws Exception {
    return Watchdog.virtual(
        "ChanSieveBenchmark.jdk",
        () -> {
          SynchronousQueue<Integer> ch = new SynchronousQueue<>();
          SynchronousQueue<Integer> gen = ch;
          Workloads.startVirtual(
              () -> {
                for (int i = 2; i <= LIMIT; i++) {
                  gen.put(i);
                }
                gen.put(END);
              });
          int prime = 0;
          for (int n = 0; n < PRIMES; n++) {
            prime = ch.take();
            int p = prime;
            SynchronousQueue<Integer> in = ch;
            SynchronousQueue<Integer> out = new SynchronousQueue<>();
            Workloads.startVirtual(
                () -> {
                  while (true) {
                    Integer i = in.take();
                    if (i < 0) {
                      break;
                    }
                    if (i % p != 0) {
                      out.put(i);
                    }
                  }
                  out.put(END);
                });
            ch = out;
          }
          Integer after = ch.take();
          return check(prime, after < 0 ? null : after);
        });
  }

  /** The last prime taken must be the 2,000th, and the sieve must end right after it. */
  private static long check(int prime, Object after) {
    if (prime != LIMIT) {
      throw new IllegalStateException("expected the 2000th prime to be 17389, got " + prime);
    }
    if (after != null) {
      throw new IllegalStateException("expected the sieve to end after 17389, got " + after);
    }
    return prime;
  }
}
