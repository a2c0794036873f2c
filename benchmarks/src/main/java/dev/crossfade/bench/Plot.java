package dev.crossfade.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the backfill-impact run with java.awt, headless: backfill rows/s over time on top, the traffic's p99
 * and p50 latency per time bucket below, the backfill window shaded, the p99 before it and 1.5 times that (the
 * target) as dashed lines.
 */
final class Plot {
  private static final int W = 1200;
  private static final int H = 760;
  private static final int LEFT = 90;
  private static final int RIGHT = 30;

  private Plot() {}

  static void draw(Path file, String title, List<BackfillBench.Sample> samples, List<BackfillBench.Batch> batches,
      long m0, long m1, double p99BeforeMs) {
    System.setProperty("java.awt.headless", "true");
    long end = samples.stream().mapToLong(BackfillBench.Sample::startNanos).max().orElse(m1);
    end = Math.max(end, m1);
    double total = end / 1e9;
    double bucket = Math.max(0.25, Math.ceil(total / 80 * 4) / 4);
    int n = (int) Math.ceil(total / bucket);
    double[] rowsPerSec = new double[n];
    long[] prevByStep = new long[8];
    for (BackfillBench.Batch b : batches) {
      int i = Math.min(n - 1, (int) (b.nanos() / 1e9 / bucket));
      long delta = b.rowsDone() - prevByStep[b.step()];
      prevByStep[b.step()] = b.rowsDone();
      rowsPerSec[i] += delta / bucket;
    }
    double[] p99 = new double[n];
    double[] p50 = new double[n];
    List<List<Double>> perBucket = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      perBucket.add(new ArrayList<>());
    }
    for (BackfillBench.Sample s : samples) {
      int i = Math.min(n - 1, (int) (s.startNanos() / 1e9 / bucket));
      perBucket.get(i).add(s.latencyNanos() / 1e6);
    }
    for (int i = 0; i < n; i++) {
      p99[i] = Stats.percentile(perBucket.get(i), 99);
      p50[i] = Stats.percentile(perBucket.get(i), 50);
    }

    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, 28);

    double maxRate = 1;
    for (double r : rowsPerSec) {
      maxRate = Math.max(maxRate, r);
    }
    double maxLat = Math.max(2.2 * p99BeforeMs, 0.1);
    for (double v : p99) {
      if (!Double.isNaN(v)) {
        maxLat = Math.max(maxLat, v);
      }
    }
    Panel top = new Panel(60, 300, total, niceCeil(maxRate * 1.1));
    Panel bottom = new Panel(410, 300, total, niceCeil(maxLat * 1.1));
    top.frame(g, m0 / 1e9, m1 / 1e9, "backfill rows/s (all steps, per " + trim(bucket) + " s)");
    bottom.frame(g, m0 / 1e9, m1 / 1e9, "traffic latency ms (per " + trim(bucket) + " s): p99 red, p50 grey");
    top.series(g, rowsPerSec, bucket, new Color(30, 90, 200), 2.5f);
    bottom.series(g, p50, bucket, Color.GRAY, 1.5f);
    bottom.series(g, p99, bucket, new Color(200, 30, 30), 2.5f);
    bottom.hline(g, p99BeforeMs, "p99 before the backfill " + Stats.f("%.2f", p99BeforeMs) + " ms",
        new Color(200, 30, 30), false);
    bottom.hline(g, 1.5 * p99BeforeMs, "target: 1.5x that", Color.DARK_GRAY, true);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString("seconds since the measured traffic started (after a warm-up); shaded: migrate running (backfill + verify)", LEFT, H - 12);
    g.dispose();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      ImageIO.write(img, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : Stats.f("%.2f", d);
  }

  static double niceCeil(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** One chart area: x in seconds, y from 0 to {@code maxY}. */
  private record Panel(int top, int height, double maxX, double maxY) {
    int x(double seconds) {
      return LEFT + (int) Math.round(seconds / maxX * (W - LEFT - RIGHT));
    }

    int y(double v) {
      return top + height - (int) Math.round(Math.min(v, maxY) / maxY * height);
    }

    void frame(Graphics2D g, double shadeFrom, double shadeTo, String label) {
      g.setColor(new Color(255, 240, 200));
      g.fillRect(x(shadeFrom), top, Math.max(1, x(shadeTo) - x(shadeFrom)), height);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int i = 0; i <= 5; i++) {
        double v = maxY * i / 5;
        int y = y(v);
        g.setColor(new Color(225, 225, 225));
        g.drawLine(LEFT, y, W - RIGHT, y);
        g.setColor(Color.BLACK);
        String text = v == 0 ? "0" : v >= 1000 ? Stats.f("%,.0f", v) : v >= 10 ? Stats.f("%.0f", v) : Stats.f("%.2f", v);
        g.drawString(text, LEFT - 8 - g.getFontMetrics().stringWidth(text), y + 4);
      }
      double step = niceCeil(maxX / 10);
      for (double s = 0; s <= maxX + 1e-9; s += step) {
        int x = x(s);
        g.setColor(new Color(235, 235, 235));
        g.drawLine(x, top, x, top + height);
        g.setColor(Color.BLACK);
        String text = trim(s);
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, top + height + 15);
      }
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, top, W - LEFT - RIGHT, height);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.drawString(label, LEFT + 6, top - 6);
    }

    void series(Graphics2D g, double[] ys, double bucket, Color color, float width) {
      g.setColor(color);
      g.setStroke(new BasicStroke(width));
      int px = -1;
      int py = -1;
      for (int i = 0; i < ys.length; i++) {
        if (Double.isNaN(ys[i])) {
          px = -1;
          continue;
        }
        int x = x((i + 0.5) * bucket);
        int y = y(ys[i]);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        } else {
          g.fillOval(x - 2, y - 2, 4, 4);
        }
        px = x;
        py = y;
      }
      g.setStroke(new BasicStroke(1));
    }

    void hline(Graphics2D g, double v, String label, Color color, boolean right) {
      g.setColor(color);
      g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
      g.drawLine(LEFT, y(v), W - RIGHT, y(v));
      g.setStroke(new BasicStroke(1));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      int x = right ? W - RIGHT - 6 - g.getFontMetrics().stringWidth(label) : LEFT + 6;
      g.drawString(label, x, y(v) - 4);
    }
  }
}
