package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;

import io.go4j.channels.Chan;
import io.go4j.runtime.GoRuntime;
import io.go4j.select.Select;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Doug McIlroy's power series over channels, Go's {@code test/chan/powser1.go}, line by line: a
 * series is a <em>demand channel</em>, a goroutine that computes its next rational coefficient when
 * asked on {@code req} and answers on {@code dat} (a zero denominator ends a finite series). Every
 * operation is a goroutine reading its operands' channels, so {@code Mul} and {@code Exp} grow a
 * network of goroutines one term at a time; {@code Exp} even reads its own output through {@code
 * split}. This port keeps what the program's {@code main} uses and prints what Go prints when run
 * with an argument (the terms its test mode checks).
 *
 * <pre>
 * type dch struct {                           record Dch(Chan&lt;Integer&gt; req, Chan&lt;Rat&gt; dat) {
 *     req chan int                              static Dch make() {
 *     dat chan rat                                return new Dch(chan(), chan());
 *     nam int                                   }
 * }                                           }
 * func get(in *dch) rat {                     static Rat get(Dch in) {
 *     seqno++
 *     in.req &lt;- seqno                          in.req().send(DEMAND);
 *     return &lt;-in.dat                          return in.dat().recv();
 * }                                           }
 * func getn(in []*dch) []rat {                static Rat[] getn(Dch... in) {
 *     // req[i] = in[i].req, dat[i] = nil       List&lt;Chan&lt;Integer&gt;&gt; req = ...; // the same
 *     for n = 2 * n; n &gt; 0; n-- {            for (int n = 2 * in.length; n &gt; 0; n--) {
 *         seqno++                                 Select s = select();
 *         select {                                for (int i = 0; i &lt; in.length; i++) {
 *         case req[0] &lt;- seqno:                    int k = i;
 *             dat[0] = in[0].dat                    s.send(req.get(k), DEMAND, () -&gt; {
 *             req[0] = nil                            dat.set(k, in[k].dat());
 *         case it = &lt;-dat[0]:                         req.set(k, Chan.nil()); });
 *             out[0] = it                           s.recv(dat.get(k), it -&gt; {
 *             dat[0] = nil                            out[k] = it;
 *         // and the same for 1                       dat.set(k, Chan.nil()); });
 *         }                                       }
 *                                                 s.run();
 *     }                                         }
 *     return out                                return out;
 * }                                           }
 * func Mul(U, V PS) PS {                      static Dch mul(Dch u, Dch v) {
 *     Z := mkPS()                               Dch z = Dch.make();
 *     go func() {                               go(() -&gt; {
 *         &lt;-Z.req                                 z.req().recv();
 *         uv := get2(U, V)                          Rat[] uv = getn(u, v);
 *         if end(uv[0]) != 0 ||                     if (uv[0].isEnd() || uv[1].isEnd()) {
 *                 end(uv[1]) != 0 {
 *             Z.dat &lt;- finis                          z.dat().send(FINIS);
 *         } else {                                  } else {
 *             Z.dat &lt;- mul(uv[0], uv[1])              z.dat().send(uv[0].mul(uv[1]));
 *             UU := Split(U)                          Dch[] uu = split(u);
 *             VV := Split(V)                          Dch[] vv = split(v);
 *             W := Add(Cmul(uv[0], VV[0]),            Dch w = add(cmul(uv[0], vv[0]),
 *                 Cmul(uv[1], UU[0]))                     cmul(uv[1], uu[0]));
 *             &lt;-Z.req                                   z.req().recv();
 *             Z.dat &lt;- get(W)                          z.dat().send(get(w));
 *             copy(Add(W, Mul(UU[1], VV[1])), Z)      copy(add(w, mul(uu[1], vv[1])), z);
 *         }                                         }
 *     }()                                       });
 *     return Z                                  return z;
 * }                                           }
 * func Exp(U PS) PS {                         static Dch exp(Dch u) {
 *     ZZ := mkPS2()                             Dch[] zz = {Dch.make(), Dch.make()};
 *     split(Integ(one,                          splitInto(integ(ONE,
 *         Mul(ZZ[0], Diff(U))), ZZ)                 mul(zz[0], diff(u))), zz);
 *     return ZZ[1]                              return zz[1];
 * }                                           }
 * </pre>
 *
 * <p>The other operations ({@code split}, {@code Add}, {@code Cmul}, {@code Sub}, {@code Diff},
 * {@code Integ}, {@code MonSubst}, {@code Rep}) are ported the same way, statement for statement.
 * Go's {@code split(in, out)} and {@code Split(U)} differ only by case, so the first is {@code
 * splitInto} here; rational arithmetic ({@code add}, {@code mul}, {@code neg}, {@code i2tor},
 * {@code end}) lives on {@link Rat}. Go sends a global sequence number, which nobody reads
 * (and which its goroutines increment without synchronization), as each demand; here the demand is
 * a constant. As in Go, the goroutines of the series are left blocked when the program ends; the
 * sample's runtime is closed, which abandons them.
 */
public final class Powser implements Sample {
  /** What a demand carries: nothing that matters. */
  private static final Integer DEMAND = 0;

  static final Rat ZERO = Rat.of(0);
  static final Rat ONE = Rat.of(1);

  /** The end mark: a zero denominator. */
  static final Rat FINIS = Rat.of(1, 0);

  /** A rational in lowest terms with a non-negative denominator; a zero one marks the end. */
  record Rat(long num, long den) {
    /** Go's {@code i2tor}. */
    static Rat of(long u, long v) {
      long g = gcd(u, v);
      return v > 0 ? new Rat(u / g, v / g) : new Rat(-u / g, -v / g);
    }

    /** Go's {@code itor}. */
    static Rat of(long u) {
      return of(u, 1);
    }

    private static long gcd(long u, long v) {
      if (u < 0) {
        return gcd(-u, v);
      }
      if (u == 0) {
        return v;
      }
      return gcd(v % u, u);
    }

    /** Go's {@code end(u) != 0}. */
    boolean isEnd() {
      return den == 0;
    }

    Rat add(Rat v) {
      long g = gcd(den, v.den);
      return of(num * (v.den / g) + v.num * (den / g), den * (v.den / g));
    }

    Rat mul(Rat v) {
      long g1 = gcd(num, v.den);
      long g2 = gcd(den, v.num);
      return new Rat((num / g1) * (v.num / g2), (den / g2) * (v.den / g1));
    }

    Rat neg() {
      return of(-num, den);
    }

    /** Go's {@code pr}: {@code 3} or {@code 13/6}. */
    @Override
    public String toString() {
      return den == 1 ? Long.toString(num) : num + "/" + den;
    }
  }

  /** A demand channel, which is what a power series is (Go's {@code dch} and {@code PS}). */
  record Dch(Chan<Integer> req, Chan<Rat> dat) {
    static Dch make() {
      return new Dch(chan(), chan());
    }
  }

  /** The sample as the launcher runs it. */
  public Powser() {}

  @Override
  public String name() {
    return "powser";
  }

  @Override
  public String description() {
    return "McIlroy's power series (Go's test/chan/powser1.go): every operation a goroutine";
  }

  @Override
  public void run(PrintStream out) {
    try (GoRuntime rt = GoRuntime.builder().name("powser").build()) {
      rt.main(() -> main(out));
    }
  }

  /** Go's {@code main} with an argument: prints the first terms of each series. */
  static void main(PrintStream out) {
    Dch ones = rep(ONE);
    Dch twos = rep(Rat.of(2));
    printn(out, "Ones", ones, 10);
    printn(out, "Twos", twos, 10);
    printn(out, "Add", add(ones, twos), 10);
    printn(out, "Diff", diff(ones), 10);
    printn(out, "Integ", integ(ZERO, ones), 10);
    printn(out, "CMul", cmul(ONE.neg(), ones), 10);
    printn(out, "Sub", sub(ones, twos), 10);
    printn(out, "Mul", mul(ones, ones), 10);
    printn(out, "Exp", exp(ones), 15);
    printn(out, "MonSubst", monSubst(ones, ONE.neg(), 2), 10);
    printn(out, "ATan", integ(ZERO, monSubst(ones, ONE.neg(), 2)), 10);
  }

  /** Go's {@code printn} after {@code print(name, ": ")}: up to {@code n} terms of {@code u}. */
  static void printn(PrintStream out, String name, Dch u, int n) {
    StringJoiner terms = new StringJoiner(" ", name + ": ", "");
    for (int i = 0; i < n; i++) {
      Rat r = get(u);
      if (r.isEnd()) {
        break;
      }
      terms.add(r.toString());
    }
    out.println(terms);
  }

  // ------------------------------------------------------------ demand channels

  /**
   * Go's {@code dosplit}: replicates {@code in} onto {@code out[0]} and {@code out[1]}, which may
   * be read at different rates. Each generation serves one value and starts the next; the newest
   * serves {@code out[0]} (swapping the pair if {@code out[1]} asked first), and {@code wait}
   * tells it when the previous generation has served {@code out[1]}.
   */
  private static void dosplit(Dch in, Dch[] out, Chan<Integer> wait) {
    boolean both = false; // do not service both channels
    if (select().recv(out[0].req()).recv(wait).run() == 1) {
      both = true;
      if (select().recv(out[0].req()).recv(out[1].req()).run() == 1) {
        Dch t = out[0];
        out[0] = out[1];
        out[1] = t;
      }
    }
    in.req().send(DEMAND);
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

  /** Go's {@code split(in, out)}. */
  private static void splitInto(Dch in, Dch[] out) {
    Chan<Integer> release = chan();
    go(() -> dosplit(in, out, release));
    release.send(0);
  }

  private static void put(Rat dat, Dch out) {
    out.req().recv();
    out.dat().send(dat);
  }

  static Rat get(Dch in) {
    in.req().send(DEMAND);
    return in.dat().recv();
  }

  /** One rat from each of the demand channels, asked and answered in whatever order they come. */
  static Rat[] getn(Dch... in) {
    List<Chan<Integer>> req = new ArrayList<>();
    List<Chan<Rat>> dat = new ArrayList<>();
    for (Dch d : in) {
      req.add(d.req());
      dat.add(Chan.nil());
    }
    Rat[] out = new Rat[in.length];
    for (int n = 2 * in.length; n > 0; n--) {
      Select s = select();
      for (int i = 0; i < in.length; i++) {
        int k = i;
        s.send(
            req.get(k),
            DEMAND,
            () -> {
              dat.set(k, in[k].dat());
              req.set(k, Chan.nil());
            });
        s.recv(
            dat.get(k),
            it -> {
              out[k] = it;
              dat.set(k, Chan.nil());
            });
      }
      s.run();
    }
    return out;
  }

  private static void copy(Dch in, Dch out) {
    while (true) {
      out.req().recv();
      out.dat().send(get(in));
    }
  }

  // ------------------------------------------------------------ power series

  /** Go's {@code Split}: two series identical to {@code u}. */
  static Dch[] split(Dch u) {
    Dch[] uu = {Dch.make(), Dch.make()};
    go(() -> splitInto(u, uu));
    return uu;
  }

  /** {@code c c c ...}. */
  static Dch rep(Rat c) {
    Dch z = Dch.make();
    go(
        () -> {
          while (true) {
            put(c, z);
          }
        });
    return z;
  }

  static Dch add(Dch u, Dch v) {
    Dch z = Dch.make();
    go(
        () -> {
          while (true) {
            z.req().recv();
            Rat[] uv = getn(u, v);
            switch ((uv[0].isEnd() ? 1 : 0) + (uv[1].isEnd() ? 2 : 0)) {
              case 0 -> z.dat().send(uv[0].add(uv[1]));
              case 1 -> {
                z.dat().send(uv[1]);
                copy(v, z);
              }
              case 2 -> {
                z.dat().send(uv[0]);
                copy(u, z);
              }
              default -> z.dat().send(FINIS);
            }
          }
        });
    return z;
  }

  /** {@code c} times {@code u}. */
  static Dch cmul(Rat c, Dch u) {
    Dch z = Dch.make();
    go(
        () -> {
          boolean done = false;
          while (!done) {
            z.req().recv();
            Rat r = get(u);
            if (r.isEnd()) {
              done = true;
            } else {
              z.dat().send(c.mul(r));
            }
          }
          z.dat().send(FINIS);
        });
    return z;
  }

  static Dch sub(Dch u, Dch v) {
    return add(u, cmul(ONE.neg(), v));
  }

  /**
   * {@code u v}: with {@code u = u0 + x UU} and {@code v = v0 + x VV}, that is {@code u0 v0 + x (u0
   * VV + v0 UU) + x² UU VV}.
   */
  static Dch mul(Dch u, Dch v) {
    Dch z = Dch.make();
    go(
        () -> {
          z.req().recv();
          Rat[] uv = getn(u, v);
          if (uv[0].isEnd() || uv[1].isEnd()) {
            z.dat().send(FINIS);
          } else {
            z.dat().send(uv[0].mul(uv[1]));
            Dch[] uu = split(u);
            Dch[] vv = split(v);
            Dch w = add(cmul(uv[0], vv[0]), cmul(uv[1], uu[0]));
            z.req().recv();
            z.dat().send(get(w));
            copy(add(w, mul(uu[1], vv[1])), z);
          }
        });
    return z;
  }

  /** The derivative. */
  static Dch diff(Dch u) {
    Dch z = Dch.make();
    go(
        () -> {
          z.req().recv();
          Rat r = get(u);
          if (!r.isEnd()) {
            boolean done = false;
            for (int i = 1; !done; i++) {
              r = get(u);
              if (r.isEnd()) {
                done = true;
              } else {
                z.dat().send(Rat.of(i).mul(r));
                z.req().recv();
              }
            }
          }
          z.dat().send(FINIS);
        });
    return z;
  }

  /** The integral, with {@code c} as the constant of integration. */
  static Dch integ(Rat c, Dch u) {
    Dch z = Dch.make();
    go(
        () -> {
          put(c, z);
          boolean done = false;
          for (int i = 1; !done; i++) {
            z.req().recv();
            Rat r = get(u);
            if (r.isEnd()) {
              done = true;
            }
            z.dat().send(Rat.of(1, i).mul(r));
          }
          z.dat().send(FINIS);
        });
    return z;
  }

  /**
   * {@code exp(u)} for {@code u} with a zero constant term (a non-zero one is ignored): {@code z' =
   * z u'}, integrated, with {@code z} read back from its own output.
   */
  static Dch exp(Dch u) {
    Dch[] zz = {Dch.make(), Dch.make()};
    splitInto(integ(ONE, mul(zz[0], diff(u))), zz);
    return zz[1];
  }

  /** {@code u(c0 x^n)}: term {@code i} times {@code c0^i}, followed by {@code n-1} zeros. */
  static Dch monSubst(Dch u, Rat c0, int n) {
    Dch z = Dch.make();
    go(
        () -> {
          Rat c = ONE;
          while (true) {
            z.req().recv();
            Rat r = get(u);
            z.dat().send(r.mul(c));
            c = c.mul(c0);
            if (r.isEnd()) {
              z.dat().send(FINIS);
              break;
            }
            for (int i = 1; i < n; i++) {
              z.req().recv();
              z.dat().send(ZERO);
            }
          }
        });
    return z;
  }
}
