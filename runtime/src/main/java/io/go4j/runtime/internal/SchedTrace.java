package io.go4j.runtime.internal;

import java.util.List;

import io.go4j.runtime.Priority;

import io.go4j.runtime.GoroutineState;

/** Go's {@code GODEBUG=schedtrace} and {@code scheddetail} lines (proc.go's schedtrace). */
final class SchedTrace {
  private SchedTrace() {}

  static String format(Sched s, long now, boolean detail) {
    StringBuilder out = new StringBuilder();
    out.append("SCHED ")
        .append((now - s.startNanos) / 1_000_000)
        .append("ms: gomaxprocs=")
        .append(s.gomaxprocs)
        .append(" idleprocs=")
        .append(s.npidle)
        .append(" threads=")
        .append(s.threads())
        .append(" spinningthreads=")
        .append(s.nmspinning.get())
        .append(" idlethreads=")
        .append(s.idleMs())
        .append(" runqueue=")
        .append(s.global.size())
        .append(" [");
    for (int i = 0; i < s.allp.length; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(s.allp[i].runqSize());
    }
    out.append(']');
    List<Priority> starving = s.sysmon.starvingBands();
    if (!starving.isEmpty()) {
      out.append(" starving=").append(starving); // go4j's: strict priority bands (see Bands)
    }
    out.append('\n');
    if (!detail) {
      return out.toString();
    }
    for (P p : s.allp) {
      M m = p.m;
      out.append("  P")
          .append(p.id)
          .append(": status=")
          .append(p.status)
          .append(" schedtick=")
          .append(p.schedtick)
          .append(" syscalltick=0 m=")
          .append(m == null ? "nil" : Integer.toString(m.mid))
          .append(" runqsize=")
          .append(p.runqSize())
          .append(" gfreecnt=0 timerslen=0\n");
    }
    for (M m : s.allm()) {
      P p = m.p;
      G g = m.curg;
      out.append("  M")
          .append(m.mid)
          .append(": p=")
          .append(p == null ? -1 : p.id)
          .append(" curg=")
          .append(g == null ? -1 : g.id)
          .append(" mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=")
          .append(m.spinning)
          .append(" blocked=")
          .append(p == null && g == null)
          .append(" lockedg=-1\n");
    }
    for (G g : s.liveGoroutines()) {
      M m = g.lastM();
      GoroutineState st = g.gstatus();
      boolean running = st == GoroutineState.RUNNING && m != null && m.curg == g;
      out.append("  G")
          .append(g.id)
          .append(": status=")
          .append(st.code())
          .append('(')
          .append(st == GoroutineState.WAITING ? g.lastWaitReason() : "")
          .append(") m=")
          .append(running ? Integer.toString(m.mid) : "nil")
          .append(" lockedm=nil\n");
    }
    return out.toString();
  }
}
