package io.go4j.conformance;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;
import static io.go4j.conformance.Conformance.goMain;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.channels.Chan;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's test/chan/powser1.go: Doug McIlroy's power series (from "Squinting at Power
 * Series"), where a power series is a demand channel along which rational coefficients flow, each
 * operation a network of goroutines. A denominator of zero signifies the end.
 *
 * <p>Mapping. {@code rat} is the record {@link Rat} (Go's {@code eq} is the record's {@code
 * equals}, Go's {@code pr} its {@code toString}); {@code dch} is the record {@link Dch} (a {@code
 * chan int} of requests, a {@code chan rat} of data, a name); {@code dch2}, Go's {@code [2]*dch}
 * whose two entries {@code dosplit} swaps in place, is a {@code Dch[2]}; {@code PS} is {@code Dch}.
 * Go's globals ({@code chnames}, {@code chnameserial}, {@code seqno}, {@code zero}, {@code one},
 * {@code finis}, {@code Ones}, {@code Twos}) are fields set by {@link #init()}; {@code seqno} and
 * {@code chnameserial}, which Go's goroutines increment racily, are {@link AtomicInteger}s (their
 * values are only sent as requests and used as names, never checked). Functions keep Go's names,
 * lower-cased, with a {@code Ps} suffix where Go has both cases ({@code Split} is {@link #splitPs},
 * {@code split} is {@link #split}, {@code Add}/{@code add}, {@code Sub}/{@code sub}, {@code
 * Mul}/{@code mul}) and {@code copy} is {@link #copyPs}. Each {@code select} is built where Go's
 * statement starts, so its channels (nil ones included, as {@link Chan#nil()}) and the value sent
 * are evaluated at the same moment; the index {@code run()} returns picks Go's case body. {@code
 * check}'s {@code print(...); panic(str)} is {@code assertEquals} with {@code str} and the
 * coefficient's index in the message; the panics of goroutines (e.g. {@code "bad n in getn"}) are
 * exceptions that {@link Conformance#goMain} reports.
 *
 * <p>Same checks and sizes as Go's test mode ({@code N = 10} coefficients): Ones, Add, Diff,
 * Integ, Cmul, Sub, Mul, Exp and ATan. Not ported: the printing mode ({@code len(os.Args) > 1},
 * with {@code pr}, {@code printn}, {@code evaln}), and the functions {@code main} never calls
 * ({@code eval}, {@code inv}, {@code Xmul}, {@code Monmul}, {@code Mon}, {@code Shift}, {@code
 * Recip}, {@code Binom}, {@code Subst}, and the commented-out {@code Poly} and Tan check). As in
 * Go, the goroutines of the series stay blocked when {@code main} returns; here they stay parked in
 * the default runtime (they hold no timer, so deadlock detection in later tests is unaffected).
 */
class Powser1Test {
  /** Go's {@code rat}: numerator, denominator. */
  record Rat(long num, long den) {
    @Override
    public String toString() {
      return den == 1 ? Long.toString(num) : num + "/" + den;
    }
  }

  /** Go's {@code dch}: a demand channel. */
  record Dch(Chan<Integer> req, Chan<Rat> dat, int nam) {}

  static final int N = 10;

  private String chnames;
  private final AtomicInteger chnameserial = new AtomicInteger();
  private final AtomicInteger seqno = new AtomicInteger();
  private Rat zero;
  private Rat one;
  private Rat finis; // end mark
  private Dch ones;
  private Dch twos;

  private Dch mkdch() {
    int c = chnameserial.getAndIncrement() % chnames.length();
    return new Dch(chan(), chan(), c);
  }

  private Dch[] mkdch2() {
    return new Dch[] {mkdch(), mkdch()};
  }

  // split reads a single demand channel and replicates its
  // output onto two, which may be read at different rates.
  // A process is created at first demand for a rat and dies
  // after the rat has been sent to both outputs.

  // When multiple generations of split exist, the newest
  // will service requests on one channel, which is
  // always renamed to be out[0]; the oldest will service
  // requests on the other channel, out[1].  All generations but the
  // newest hold queued data that has already been sent to
  // out[0].  When data has finally been sent to out[1],
  // a signal on the release-wait channel tells the next newer
  // generation to begin servicing out[1].

  private void dosplit(Dch in, Dch[] out, Chan<Integer> wait) {
    boolean both = false; // do not service both channels

    int chosen = select().recv(out[0].req(), () -> {}).recv(wait, () -> {}).run();
    if (chosen == 1) {
      both = true;
      int second = select().recv(out[0].req(), () -> {}).recv(out[1].req(), () -> {}).run();
      if (second == 1) {
        Dch t = out[0];
        out[0] = out[1];
        out[1] = t;
      }
    }

    in.req().send(seqno.incrementAndGet());
    Chan<Integer> release = chan();
    go(() -> dosplit(in, out, release));
    Rat dat = in.dat().recv();
    out[0].dat().send(dat);
    if (!both) {
      wait.recv();
    }
    out[1].req().recv();
    out[1].dat().send(dat);
    release.send(0);
  }

  private void split(Dch in, Dch[] out) {
    Chan<Integer> release = chan();
    go(() -> dosplit(in, out, release));
    release.send(0);
  }

  private static void put(Rat dat, Dch out) {
    out.req().recv();
    out.dat().send(dat);
  }

  private Rat get(Dch in) {
    in.req().send(seqno.incrementAndGet());
    return in.dat().recv();
  }

  /** Get one rat from each of n demand channels. */
  private Rat[] getn(Dch... in) {
    int n = in.length;
    if (n != 2) {
      throw new IllegalStateException("bad n in getn");
    }
    Chan<Integer> req0 = in[0].req();
    Chan<Integer> req1 = in[1].req();
    Chan<Rat> dat0 = Chan.nil();
    Chan<Rat> dat1 = Chan.nil();
    Rat[] out = new Rat[2];
    Rat[] it = new Rat[1];
    for (n = 2 * n; n > 0; n--) {
      int s = seqno.incrementAndGet();
      int chosen =
          select()
              .send(req0, s, () -> {})
              .send(req1, s, () -> {})
              .recv(dat0, (Rat v) -> it[0] = v)
              .recv(dat1, (Rat v) -> it[0] = v)
              .run();
      switch (chosen) {
        case 0 -> {
          dat0 = in[0].dat();
          req0 = Chan.nil();
        }
        case 1 -> {
          dat1 = in[1].dat();
          req1 = Chan.nil();
        }
        case 2 -> {
          out[0] = it[0];
          dat0 = Chan.nil();
        }
        default -> {
          out[1] = it[0];
          dat1 = Chan.nil();
        }
      }
    }
    return out;
  }

  /** Get one rat from each of 2 demand channels. */
  private Rat[] get2(Dch in0, Dch in1) {
    return getn(in0, in1);
  }

  private void copyPs(Dch in, Dch out) {
    for (; ; ) {
      out.req().recv();
      out.dat().send(get(in));
    }
  }

  private static void repeat(Rat dat, Dch out) {
    for (; ; ) {
      put(dat, out);
    }
  }

  // Integer gcd; needed for rational arithmetic

  static long gcd(long u, long v) {
    if (u < 0) {
      return gcd(-u, v);
    }
    if (u == 0) {
      return v;
    }
    return gcd(v % u, u);
  }

  // Make a rational from two ints and from one int

  static Rat i2tor(long u, long v) {
    long g = gcd(u, v);
    if (v > 0) {
      return new Rat(u / g, v / g);
    }
    return new Rat(-u / g, -v / g);
  }

  static Rat itor(long u) {
    return i2tor(u, 1);
  }

  static long end(Rat u) {
    return u.den() == 0 ? 1 : 0;
  }

  // Operations on rationals

  static Rat add(Rat u, Rat v) {
    long g = gcd(u.den(), v.den());
    return i2tor(u.num() * (v.den() / g) + v.num() * (u.den() / g), u.den() * (v.den() / g));
  }

  static Rat mul(Rat u, Rat v) {
    long g1 = gcd(u.num(), v.den());
    long g2 = gcd(u.den(), v.num());
    return new Rat((u.num() / g1) * (v.num() / g2), (u.den() / g2) * (v.den() / g1));
  }

  static Rat neg(Rat u) {
    return i2tor(-u.num(), u.den());
  }

  static Rat sub(Rat u, Rat v) {
    return add(u, neg(v));
  }

  // Power-series constructors return channels on which power
  // series flow.  They start an encapsulated generator that
  // puts the terms of the series on the channel.

  private Dch mkPs() {
    return mkdch();
  }

  private Dch[] mkPs2() {
    return mkdch2();
  }

  /** Make a pair of power series identical to a given power series. */
  private Dch[] splitPs(Dch u) {
    Dch[] uu = mkdch2();
    go(() -> split(u, uu));
    return uu;
  }

  /** Add two power series. */
  private Dch addPs(Dch u, Dch v) {
    Dch z = mkPs();
    go(
        () -> {
          for (; ; ) {
            z.req().recv();
            Rat[] uv = get2(u, v);
            switch ((int) (end(uv[0]) + 2 * end(uv[1]))) {
              case 0 -> z.dat().send(add(uv[0], uv[1]));
              case 1 -> {
                z.dat().send(uv[1]);
                copyPs(v, z);
              }
              case 2 -> {
                z.dat().send(uv[0]);
                copyPs(u, z);
              }
              case 3 -> z.dat().send(finis);
              default -> throw new IllegalStateException("end() is 0 or 1");
            }
          }
        });
    return z;
  }

  /** Multiply a power series by a constant. */
  private Dch cmul(Rat c, Dch u) {
    Dch z = mkPs();
    go(
        () -> {
          boolean done = false;
          while (!done) {
            z.req().recv();
            Rat r = get(u);
            if (end(r) != 0) {
              done = true;
            } else {
              z.dat().send(mul(c, r));
            }
          }
          z.dat().send(finis);
        });
    return z;
  }

  /** Subtract. */
  private Dch subPs(Dch u, Dch v) {
    return addPs(u, cmul(neg(one), v));
  }

  private Dch rep(Rat c) {
    Dch z = mkPs();
    go(() -> repeat(c, z));
    return z;
  }

  // Multiply. The algorithm is
  //	let U = u + x*UU
  //	let V = v + x*VV
  //	then UV = u*v + x*(u*VV+v*UU) + x*x*UU*VV

  private Dch mulPs(Dch u, Dch v) {
    Dch z = mkPs();
    go(
        () -> {
          z.req().recv();
          Rat[] uv = get2(u, v);
          if (end(uv[0]) != 0 || end(uv[1]) != 0) {
            z.dat().send(finis);
          } else {
            z.dat().send(mul(uv[0], uv[1]));
            Dch[] uu = splitPs(u);
            Dch[] vv = splitPs(v);
            Dch w = addPs(cmul(uv[0], vv[0]), cmul(uv[1], uu[0]));
            z.req().recv();
            z.dat().send(get(w));
            copyPs(addPs(w, mulPs(uu[1], vv[1])), z);
          }
        });
    return z;
  }

  /** Differentiate. */
  private Dch diff(Dch u) {
    Dch z = mkPs();
    go(
        () -> {
          z.req().recv();
          Rat r = get(u);
          if (end(r) == 0) {
            boolean done = false;
            for (int i = 1; !done; i++) {
              r = get(u);
              if (end(r) != 0) {
                done = true;
              } else {
                z.dat().send(mul(itor(i), r));
                z.req().recv();
              }
            }
          }
          z.dat().send(finis);
        });
    return z;
  }

  /** Integrate, with const of integration. */
  private Dch integ(Rat c, Dch u) {
    Dch z = mkPs();
    go(
        () -> {
          put(c, z);
          boolean done = false;
          for (int i = 1; !done; i++) {
            z.req().recv();
            Rat r = get(u);
            if (end(r) != 0) {
              done = true;
            }
            z.dat().send(mul(i2tor(1, i), r));
          }
          z.dat().send(finis);
        });
    return z;
  }

  // Exponential of a power series with constant term 0
  // (nonzero constant term would make nonrational coefficients)
  // bug: the constant term is simply ignored
  //	Z = exp(U)
  //	DZ = Z*DU
  //	integrate to get Z

  private Dch exp(Dch u) {
    Dch[] zz = mkPs2();
    split(integ(one, mulPs(zz[0], diff(u))), zz);
    return zz[1];
  }

  // Monomial Substitution: U(c x^n)
  // Each Ui is multiplied by c^i and followed by n-1 zeros

  private Dch monSubst(Dch u, Rat c0, int n) {
    Dch z = mkPs();
    go(
        () -> {
          Rat c = one;
          for (; ; ) {
            z.req().recv();
            Rat r = get(u);
            z.dat().send(mul(r, c));
            c = mul(c, c0);
            if (end(r) != 0) {
              z.dat().send(finis);
              break;
            }
            for (int i = 1; i < n; i++) {
              z.req().recv();
              z.dat().send(zero);
            }
          }
        });
    return z;
  }

  private void init() {
    chnameserial.set(-1);
    seqno.set(0);
    chnames = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    zero = itor(0);
    one = itor(1);
    finis = i2tor(1, 0);
    ones = rep(one);
    twos = rep(itor(2));
  }

  private void check(Dch u, Rat c, int count, String str) {
    for (int i = 0; i < count; i++) {
      Rat r = get(u);
      int term = i;
      assertEquals(c, r, () -> str + ": term " + term);
    }
  }

  private void checka(Dch u, Rat[] a, String str) {
    for (int i = 0; i < N; i++) {
      Rat r = get(u);
      int term = i;
      assertEquals(a[i], r, () -> str + ": term " + term);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void main() {
    goMain(this::powser1);
  }

  private void powser1() {
    init();
    check(ones, one, 5, "Ones");
    check(addPs(ones, ones), itor(2), 0, "Add Ones Ones"); // 1 1 1 1 1
    check(addPs(ones, twos), itor(3), 0, "Add Ones Twos"); // 3 3 3 3 3
    Rat[] a = new Rat[N];
    Dch d = diff(ones);
    for (int i = 0; i < N; i++) {
      a[i] = itor(i + 1);
    }
    checka(d, a, "Diff"); // 1 2 3 4 5
    Dch in = integ(zero, ones);
    a[0] = zero; // integration constant
    for (int i = 1; i < N; i++) {
      a[i] = i2tor(1, i);
    }
    checka(in, a, "Integ"); // 0 1 1/2 1/3 1/4 1/5
    check(cmul(neg(one), twos), itor(-2), 10, "CMul"); // -1 -1 -1 -1 -1
    check(subPs(ones, twos), itor(-1), 0, "Sub Ones Twos"); // -1 -1 -1 -1 -1
    Dch m = mulPs(ones, ones);
    for (int i = 0; i < N; i++) {
      a[i] = itor(i + 1);
    }
    checka(m, a, "Mul"); // 1 2 3 4 5
    Dch e = exp(ones);
    a[0] = itor(1);
    a[1] = itor(1);
    a[2] = i2tor(3, 2);
    a[3] = i2tor(13, 6);
    a[4] = i2tor(73, 24);
    a[5] = i2tor(167, 40);
    a[6] = i2tor(4051, 720);
    a[7] = i2tor(37633, 5040);
    a[8] = i2tor(43817, 4480);
    a[9] = i2tor(4596553, 362880);
    checka(e, a, "Exp"); // 1 1 3/2 13/6 73/24
    Dch at = integ(zero, monSubst(ones, neg(one), 2));
    for (int c = 1, i = 0; i < N; i++) {
      if (i % 2 == 0) {
        a[i] = zero;
      } else {
        a[i] = i2tor(c, i);
        c *= -1;
      }
    }
    checka(at, a, "ATan"); // 0 -1 0 -1/3 0 -1/5
  }
}
