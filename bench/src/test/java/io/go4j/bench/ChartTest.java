package io.go4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart's layout, SVG and PNG from fixed data. */
class ChartTest {
  private static final List<Chart.Series> SERIES =
      List.of(new Chart.Series("a", "#111111"), new Chart.Series("b", "#222222"));

  private static Chart chart(List<Chart.Group> groups) {
    return new Chart("title", List.of("sub"), "axis", "b = 1×", SERIES, groups, List.of("foot"));
  }

  private static final List<Chart.Group> GROUPS =
      List.of(
          new Chart.Group(
              "s1",
              "w1 <&>",
              null,
              List.of(
                  new Chart.Bar(0, 2, "20 ns (2.00×)", "a: 20 ns"),
                  new Chart.Bar(1, 1, "10 ns", "b: 10 ns"))),
          new Chart.Group(
              "s1",
              "w2",
              "relative to b",
              List.of(
                  new Chart.Bar(0, 0.25, "1 ms (0.25×)", "a: 1 ms"),
                  new Chart.Bar(1, Double.NaN, "starved", "b: starved"))),
          new Chart.Group(
              "s2", "w3", null, List.of(new Chart.Bar(0, 1.0 / 1024, "tiny (0.00×)", "a: tiny"))));

  @Test
  void svgHasABarPerMeasuredValueWithItsLabelAndTooltip() {
    String svg = chart(GROUPS).svg();
    assertTrue(svg.startsWith("<?xml"));
    assertTrue(svg.trim().endsWith("</svg>"));
    assertEquals(4, BenchmarksReportTest.count(svg, "<rect class=\"bar\""));
    assertTrue(svg.contains("<title>a: 20 ns</title></rect>"));
    assertTrue(svg.contains(">20 ns (2.00×)</text>"));
    assertTrue(svg.contains(">10 ns</text>"));
    // a value without a bar says why, in its series' name
    assertTrue(svg.contains(">b: starved</text>"));
    // labels escaped, sublabels drawn, sections once each
    assertTrue(svg.contains(">w1 &lt;&amp;&gt;</text>"));
    assertTrue(svg.contains(">relative to b</text>"));
    assertEquals(1, BenchmarksReportTest.count(svg, ">s1</text>"));
    assertEquals(1, BenchmarksReportTest.count(svg, ">s2</text>"));
    // the legend and the reference line's key
    assertTrue(svg.contains(">a</text>") && svg.contains(">b</text>") && svg.contains(">b = 1×</text>"));
    // ticks at the top and the bottom, 1× among them
    assertEquals(2, BenchmarksReportTest.count(svg, ">1×</text>"));
  }

  @Test
  void axisCoversTheBarsWithinItsLimitsAndCutsTheRest() {
    Chart c = chart(GROUPS);
    // 1/1024 is below the lowest the axis goes: cut there and said so
    assertEquals(Chart.MIN_EXPONENT, c.lowExponent());
    assertEquals(1, c.highExponent()); // 2× is the longest bar: one octave above 1
    assertTrue(c.svg().contains(">tiny (0.00×), off the scale</text>"));
    // bars are as long as their ratios on the log axis: 2× ends one octave right of 1×
    double one = c.x(1);
    double octave = c.x(2) - one;
    List<Chart.Rect> bars =
        c.shapes().stream()
            .filter(s -> s instanceof Chart.Rect r && "bar".equals(r.cls()))
            .map(s -> (Chart.Rect) s)
            .toList();
    assertEquals(4, bars.size());
    assertEquals(one + octave, bars.get(0).x() + bars.get(0).w(), 1e-6);
    assertEquals(one, bars.get(1).x() + bars.get(1).w(), 1e-6);
    assertEquals(one - 2 * octave, bars.get(2).x() + bars.get(2).w(), 1e-6);
    assertTrue(bars.get(3).w() > 0, "a cut bar still shows");
  }

  @Test
  void ticksArePowersOfTwo() {
    assertEquals("1×", Chart.tick(0));
    assertEquals("8×", Chart.tick(3));
    assertEquals("1/4×", Chart.tick(-2));
  }

  @Test
  void pngIsTheLayoutScaled() {
    Chart c = chart(GROUPS);
    BufferedImage img = c.image(2);
    assertEquals((int) Math.ceil(Chart.WIDTH * 2), img.getWidth());
    assertEquals((int) Math.ceil(c.height() * 2), img.getHeight());
    // the first bar's colour where the first bar is
    Chart.Rect bar =
        c.shapes().stream()
            .filter(s -> s instanceof Chart.Rect r && "bar".equals(r.cls()))
            .map(s -> (Chart.Rect) s)
            .findFirst()
            .orElseThrow();
    int rgb = img.getRGB((int) ((bar.x() + bar.w() / 2) * 2), (int) ((bar.y() + bar.h() / 2) * 2));
    assertEquals(0x111111, rgb & 0xffffff);
  }
}
