package io.go4j.bench;

import static io.go4j.Go.chan;

import com.softwaremill.jox.Channel;
import io.go4j.channels.Chan;
import io.go4j.runtime.GoRuntime;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * Channels workload 7, skynet 1M: a goroutine {@code skynet(c, num, size)} with {@code size > 1}
 * starts 10 children on a results channel buffered for 10 ({@code num + i * size / 10}, {@code
 * size / 10}), sums what they send and sends the sum on {@code c}; a leaf sends its {@code num}.
 * The root, on a channel buffered for 1, covers 1,000,000 leaves (1,111,111 goroutines); the sum
 * must be 499,999,500,000. Score in ms per run (bench/go: {@code chan skynet}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class ChanSkynetBenchmark {
  static final int SIZE = 1_000_000;
  static final int DIV = 10;
  static final long SUM = 499_999_500_000L;

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j(Go4jRuntime s) throws Exception {
    GoRuntime rt = s.rt;
    return Watchdog.go4j(
        "ChanSkynetBenchmark.go4j",
        rt,
        () -> {
          Chan<Long> c = chan(1);
          rt.go(() -> go4jSkynet(rt, c, 0, SIZE));
          return Workloads.check("as the sum", SUM, c.recv());
        });
  }

  private static void go4jSkynet(GoRuntime rt, Chan<Long> c, long num, int size) {
    if (size == 1) {
      c.send(num);
      return;
    }
    Chan<Long> rc = chan(DIV);
    int sub = size / DIV;
    for (int i = 0; i < DIV; i++) {
      long n = num + (long) i * sub;
      rt.go(() -> go4jSkynet(rt, rc, n, sub));
    }
    long sum = 0;
    for (int i = 0; i < DIV; i++) {
      sum += rc.recv();
    }
    c.send(sum);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jox() throws Exception {
    return Watchdog.virtual(
        "ChanSkynetBenchmark.jox",
        () -> {
          Channel<Long> c = Channel.newBufferedChannel(1);
          Workloads.startVirtual(() -> joxSkynet(c, 0, SIZE));
          return Workloads.check("as the sum", SUM, c.receive());
        });
  }

  private static void joxSkynet(Channel<Long> c, long num, int size) throws InterruptedException {
    if (size == 1) {
      c.send(num);
      return;
    }
    Channel<Long> rc = Channel.newBufferedChannel(DIV);
    int sub = size / DIV;
    for (int i = 0; i < DIV; i++) {
      long n = num + (long) i * sub;
      Workloads.startVirtual(() -> joxSkynet(rc, n, sub));
    }
    long sum = 0;
    for (int i = 0; i < DIV; i++) {
      sum += rc.receive();
    }
    c.send(sum);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdk() throws Exception {
    return Watchdog.virtual(
        "ChanSkynetBenchmark.jdk",
        () -> {
          BlockingQueue<Long> c = new ArrayBlockingQueue<>(1);
          Workloads.startVirtual(() -> jdkSkynet(c, 0, SIZE));
          return Workloads.check("as the sum", SUM, c.take());
        });
  }

  private static void jdkSkynet(BlockingQueue<Long> c, long num, int size)
      throws InterruptedException {
    if (size == 1) {
      c.put(num);
      return;
    }
    BlockingQueue<Long> rc = new ArrayBlockingQueue<>(DIV);
    int sub = size / DIV;
    for (int i = 0; i < DIV; i++) {
      long n = num + (long) i * sub;
      Workloads.startVirtual(() -> jdkSkynet(rc, n, sub));
    }
    long sum = 0;
    for (int i = 0; i < DIV; i++) {
      sum += rc.take();
    }
    c.put(sum);
  }
}
