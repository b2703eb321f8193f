package io.go4j.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A grouped horizontal bar chart on a log₂ axis of ratios, drawn as SVG text or as a PNG (through
 * {@code java.awt}, headless) from the same layout: one group of bars per workload, one bar per
 * series (implementation) in it, each bar the series' value over the group's reference (1×, a
 * vertical line), its absolute value written beside it. Groups are stacked in sections, each under
 * its heading. Built by {@link BenchmarksReport}; knows nothing about benchmarks.
 */
final class Chart {
  /** A series: its legend name and its colour ({@code #rrggbb}). */
  record Series(String name, String color) {}

  /**
   * A bar of series {@code series} (an index into the chart's series): {@code ratio} is its length
   * on the axis (NaN: no bar, {@code text} says why, e.g. "starved"); {@code text} is written
   * beside it, {@code tooltip} becomes the SVG element's title.
   */
  record Bar(int series, double ratio, String text, String tooltip) {}

  /**
   * A workload: the section it belongs to (a heading is drawn where the section changes), its
   * label, an optional second line under the label (null: none) and its bars, top to bottom.
   */
  record Group(String section, String label, String sublabel, List<Bar> bars) {}

  // ------------------------------------------------------------------ drawing primitives
  /** What the layout produces and both renderers draw. */
  sealed interface Shape permits Rect, Line, Text {}

  /** A filled rectangle; {@code cls} and {@code tooltip} only go into the SVG (may be null). */
  record Rect(double x, double y, double w, double h, String fill, String cls, String tooltip)
      implements Shape {}

  /** A line; {@code dash}: dashed. */
  record Line(double x1, double y1, double x2, double y2, String stroke, double width, boolean dash)
      implements Shape {}

  /** Text whose baseline starts ({@code anchor} "start"), centres ("middle") or ends ("end") at x. */
  record Text(
      double x,
      double y,
      String text,
      double size,
      String anchor,
      boolean bold,
      boolean italic,
      String fill,
      String cls)
      implements Shape {}

  static final String FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";
  private static final String INK = "#222222";
  private static final String GREY = "#666666";
  private static final String GRID = "#dddddd";

  // layout, in px
  static final double WIDTH = 1100;
  private static final double MARGIN = 16;
  private static final double BAR = 12;
  private static final double BAR_GAP = 3;
  private static final double GROUP_GAP = 10;
  private static final double SECTION = 30;
  private static final double VALUE_SPACE = 150; // right of the axis, for the longest bar's text
  private static final double LABEL_SIZE = 12;
  private static final double SMALL = 10.5;

  /**
   * The axis never goes below 2^MIN_EXPONENT nor above 2^MAX_EXPONENT: a bar beyond is cut at the
   * edge and says so, rather than squeezing every other bar into a few octaves.
   */
  static final int MIN_EXPONENT = -4;

  static final int MAX_EXPONENT = 6;

  private static final double STUB = 5;

  private final String title;
  private final List<String> subtitle;
  private final String axisLabel;
  private final String referenceLabel;
  private final List<Series> series;
  private final List<Group> groups;
  private final List<String> footer;
  private final List<Shape> shapes = new ArrayList<>();
  private double height;
  private double lo;
  private double hi;
  private double plotLeft;
  private double plotRight;

  /**
   * @param title the heading
   * @param subtitle grey lines under it
   * @param axisLabel what the axis measures, under its tick labels
   * @param referenceLabel the 1× line's label (e.g. "Go = 1")
   * @param series the implementations, in the order of the legend
   * @param groups the workloads, top to bottom
   * @param footer grey lines at the bottom
   */
  Chart(
      String title,
      List<String> subtitle,
      String axisLabel,
      String referenceLabel,
      List<Series> series,
      List<Group> groups,
      List<String> footer) {
    this.title = title;
    this.subtitle = List.copyOf(subtitle);
    this.axisLabel = axisLabel;
    this.referenceLabel = referenceLabel;
    this.series = List.copyOf(series);
    this.groups = List.copyOf(groups);
    this.footer = List.copyOf(footer);
    layout();
  }

  List<Shape> shapes() {
    return shapes;
  }

  double height() {
    return height;
  }

  /** The axis' range, as powers of two: [2^lo, 2^hi]. */
  double lowExponent() {
    return lo;
  }

  double highExponent() {
    return hi;
  }

  /** A text's width, estimated (DejaVu Sans averages ~0.6 em a character, bold a little more). */
  static double textWidth(String s, double size, boolean bold) {
    return s.codePointCount(0, s.length()) * size * (bold ? 0.66 : 0.6);
  }

  /** Where ratio r is on the axis. */
  double x(double r) {
    double e = Math.log(r) / Math.log(2);
    return plotLeft + (e - lo) / (hi - lo) * (plotRight - plotLeft);
  }

  private void layout() {
    // the axis: every bar's ratio inside, 1× with at least an octave either side, and a little
    // room left of the shortest bar so that it still shows
    double min = 1;
    double max = 1;
    for (Group g : groups) {
      for (Bar b : g.bars()) {
        if (!Double.isNaN(b.ratio()) && b.ratio() > 0) {
          min = Math.min(min, b.ratio());
          max = Math.max(max, b.ratio());
        }
      }
    }
    lo = Math.max(MIN_EXPONENT, Math.min(-1, Math.floor(Math.log(min) / Math.log(2) - 0.25)));
    hi = Math.min(MAX_EXPONENT, Math.max(1, Math.ceil(Math.log(max) / Math.log(2) - 1e-9)));

    double labelWidth = 0;
    for (Group g : groups) {
      labelWidth = Math.max(labelWidth, textWidth(g.label(), LABEL_SIZE, false));
      if (g.sublabel() != null) {
        labelWidth = Math.max(labelWidth, textWidth(g.sublabel(), SMALL, false));
      }
    }
    plotLeft = MARGIN + labelWidth + 12;
    plotRight = WIDTH - MARGIN - VALUE_SPACE;

    double y = MARGIN + 18;
    shapes.add(new Text(MARGIN, y, title, 17, "start", true, false, INK, "title"));
    for (String s : subtitle) {
      y += 17;
      shapes.add(new Text(MARGIN, y, s, SMALL + 0.5, "start", false, false, GREY, null));
    }
    // the legend
    y += 26;
    double lx = MARGIN;
    for (Series s : series) {
      shapes.add(new Rect(lx, y - 11, 14, 14, s.color(), "legend", null));
      shapes.add(new Text(lx + 20, y, s.name(), LABEL_SIZE + 1, "start", false, false, INK, null));
      lx += 20 + textWidth(s.name(), LABEL_SIZE + 1, false) + 28;
    }
    // the reference line's key
    shapes.add(new Line(lx, y - 4, lx + 22, y - 4, INK, 1.5, false));
    shapes.add(new Text(lx + 28, y, referenceLabel, LABEL_SIZE, "start", false, false, INK, null));

    y += 26;
    double axisTop = y;
    y += 8;
    double plotTop = y;
    String section = null;
    for (Group g : groups) {
      if (!g.section().equals(section)) {
        section = g.section();
        y += section.isEmpty() ? 0 : SECTION;
        shapes.add(new Text(MARGIN, y - 9, section, LABEL_SIZE + 2, "start", true, false, INK,
            "section"));
        shapes.add(new Line(MARGIN, y - 4, WIDTH - MARGIN, y - 4, GRID, 1, false));
      }
      double top = y + 3;
      double h = g.bars().size() * (BAR + BAR_GAP) - BAR_GAP;
      double mid = top + h / 2;
      double labelY = g.sublabel() == null ? mid + 4 : mid - 1;
      shapes.add(new Text(plotLeft - 10, labelY, g.label(), LABEL_SIZE, "end", false, false, INK,
          "label"));
      if (g.sublabel() != null) {
        shapes.add(new Text(plotLeft - 10, labelY + 13, g.sublabel(), SMALL, "end", false, true,
            GREY, null));
      }
      double by = top;
      for (Bar b : g.bars()) {
        Series s = series.get(b.series());
        if (Double.isNaN(b.ratio())) {
          shapes.add(new Text(plotLeft + 4, by + BAR - 2, s.name() + ": " + b.text(), SMALL,
              "start", false, true, s.color(), "missing"));
        } else {
          double end = Math.min(plotRight, Math.max(plotLeft + STUB, x(b.ratio())));
          boolean cut = b.ratio() < Math.pow(2, lo) || b.ratio() > Math.pow(2, hi);
          shapes.add(new Rect(plotLeft, by, end - plotLeft, BAR, s.color(), "bar",
              b.tooltip()));
          shapes.add(new Text(end + 4, by + BAR - 2, b.text() + (cut ? ", off the scale" : ""),
              SMALL, "start", false, false, INK, "value"));
        }
        by += BAR + BAR_GAP;
      }
      y = top + h + GROUP_GAP;
    }
    double plotBottom = y;

    // grid and ticks: every power of two, labelled every one or every other one, whichever fits
    double octave = (plotRight - plotLeft) / (hi - lo);
    int step = octave >= 48 ? 1 : octave >= 24 ? 2 : 4;
    List<Shape> grid = new ArrayList<>();
    for (int e = (int) Math.ceil(lo); e <= hi; e++) {
      double gx = x(Math.pow(2, e));
      boolean one = e == 0;
      grid.add(new Line(gx, plotTop, gx, plotBottom, one ? INK : GRID, one ? 1.5 : 1, false));
      if (e % step == 0) {
        grid.add(new Text(gx, axisTop, tick(e), SMALL, "middle", one, false, one ? INK : GREY,
            "tick"));
        grid.add(new Text(gx, plotBottom + 14, tick(e), SMALL, "middle", one, false,
            one ? INK : GREY, "tick"));
      }
    }
    shapes.addAll(0, grid); // under the bars
    y = plotBottom + 32;
    shapes.add(new Text((plotLeft + plotRight) / 2, y, axisLabel, LABEL_SIZE, "middle", false,
        false, INK, "axis"));
    y += 8;
    for (String f : footer) {
      y += 15;
      shapes.add(new Text(MARGIN, y, f, SMALL, "start", false, false, GREY, null));
    }
    height = Math.ceil(y + MARGIN);
  }

  /** A tick's label: 2^e as "1×", "4×", "1/8×". */
  static String tick(int e) {
    return e >= 0 ? (1L << e) + "×" : "1/" + (1L << -e) + "×";
  }

  // ------------------------------------------------------------------ SVG
  String svg() {
    StringBuilder sb = new StringBuilder();
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
                + " viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\">\n",
            WIDTH,
            height,
            WIDTH,
            height,
            FONT));
    sb.append("<title>").append(xml(title)).append("</title>\n");
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    for (Shape s : shapes) {
      switch (s) {
        case Rect r -> {
          sb.append(
              String.format(
                  Locale.ROOT,
                  "<rect%s x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"",
                  r.cls() == null ? "" : " class=\"" + r.cls() + "\"",
                  r.x(),
                  r.y(),
                  Math.max(0, r.w()),
                  r.h(),
                  r.fill()));
          if (r.tooltip() == null) {
            sb.append("/>\n");
          } else {
            sb.append("><title>").append(xml(r.tooltip())).append("</title></rect>\n");
          }
        }
        case Line l ->
            sb.append(
                String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                        + " stroke-width=\"%.1f\"%s/>\n",
                    l.x1(),
                    l.y1(),
                    l.x2(),
                    l.y2(),
                    l.stroke(),
                    l.width(),
                    l.dash() ? " stroke-dasharray=\"4 3\"" : ""));
        case Text t ->
            sb.append(
                String.format(
                    Locale.ROOT,
                    "<text%s x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\"%s%s%s fill=\"%s\"%s>%s</text>\n",
                    t.cls() == null ? "" : " class=\"" + t.cls() + "\"",
                    t.x(),
                    t.y(),
                    t.size(),
                    t.anchor().equals("start") ? "" : " text-anchor=\"" + t.anchor() + "\"",
                    t.bold() ? " font-weight=\"bold\"" : "",
                    t.italic() ? " font-style=\"italic\"" : "",
                    t.fill(),
                    haloed(t) ? HALO_SVG : "",
                    xml(t.text())));
      }
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static final String HALO_SVG =
      " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";

  /** Whether a text gets a white outline: a bar's value and a tick, which lines may cross. */
  private static boolean haloed(Text t) {
    return "value".equals(t.cls()) || "missing".equals(t.cls());
  }

  static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  // ------------------------------------------------------------------ PNG
  /** The chart drawn at {@code scale} (2: twice the SVG's pixels), on a white background. */
  BufferedImage image(double scale) {
    int w = (int) Math.ceil(WIDTH * scale);
    int h = (int) Math.ceil(height * scale);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.scale(scale, scale);
      for (Shape s : shapes) {
        switch (s) {
          case Rect r -> {
            g.setColor(Color.decode(r.fill()));
            g.fill(new java.awt.geom.Rectangle2D.Double(r.x(), r.y(), Math.max(0, r.w()), r.h()));
          }
          case Line l -> {
            g.setColor(Color.decode(l.stroke()));
            g.setStroke(
                l.dash()
                    ? new BasicStroke(
                        (float) l.width(),
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        10,
                        new float[] {4, 3},
                        0)
                    : new BasicStroke((float) l.width()));
            g.draw(new java.awt.geom.Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
          }
          case Text t -> {
            int style = (t.bold() ? Font.BOLD : 0) | (t.italic() ? Font.ITALIC : 0);
            g.setFont(new Font("DejaVu Sans", style, 1).deriveFont((float) t.size()));
            FontMetrics fm = g.getFontMetrics();
            double tw = fm.getStringBounds(t.text(), g).getWidth();
            double tx =
                switch (t.anchor()) {
                  case "end" -> t.x() - tw;
                  case "middle" -> t.x() - tw / 2;
                  default -> t.x();
                };
            if (haloed(t)) {
              java.awt.Shape outline =
                  new java.awt.font.TextLayout(t.text(), g.getFont(), g.getFontRenderContext())
                      .getOutline(java.awt.geom.AffineTransform.getTranslateInstance(tx, t.y()));
              g.setColor(Color.WHITE);
              g.setStroke(new BasicStroke(3, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
              g.draw(outline);
            }
            g.setColor(Color.decode(t.fill()));
            g.drawString(t.text(), (float) tx, (float) t.y());
          }
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  void writePng(Path file, double scale) throws IOException {
    if (!ImageIO.write(image(scale), "png", file.toFile())) {
      throw new IOException("no PNG writer");
    }
  }
}
