package dev.templatestudio.app.studio.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.SVGPath;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;

/**
 * Icons drawn from the SVG sources in the top-level {@code icons/} folder (24×24, one stroked
 * path). The path data is read once per name; nodes are made on the FX thread.
 */
public final class Icons {
  private static final Pattern PATH_DATA = Pattern.compile("\\sd=\"([^\"]+)\"");
  private static final Map<String, String> DATA = new ConcurrentHashMap<>();

  private Icons() {}

  /** A {@code size}×{@code size} node of icon {@code name}; CSS class {@code icon icon-NAME}. */
  public static Node node(String name, double size) {
    SVGPath path = new SVGPath();
    path.setContent(pathData(name));
    path.getStyleClass().add("icon-path");
    path.setStrokeWidth(2);
    path.setStrokeLineCap(StrokeLineCap.ROUND);
    path.setStrokeLineJoin(StrokeLineJoin.ROUND);
    double scale = size / 24.0;
    path.setScaleX(scale);
    path.setScaleY(scale);
    StackPane box = new StackPane(path);
    box.getStyleClass().addAll("icon", "icon-" + name);
    box.setMinSize(size, size);
    box.setPrefSize(size, size);
    box.setMaxSize(size, size);
    return box;
  }

  /** The application icon as an image of {@code size} pixels (drawn from {@code app-icon.svg}). */
  public static Image appImage(double size) {
    SVGPath path = new SVGPath();
    path.setContent(pathData("app-icon"));
    path.setFill(null);
    path.setStroke(Color.web("#2f6fde"));
    path.setStrokeWidth(2);
    path.setStrokeLineCap(StrokeLineCap.ROUND);
    path.setStrokeLineJoin(StrokeLineJoin.ROUND);
    path.setScaleX(size / 26.0);
    path.setScaleY(size / 26.0);
    StackPane box = new StackPane(path);
    box.setPrefSize(size, size);
    box.setStyle("-fx-background-color: transparent;");
    new Scene(box, size, size, Color.TRANSPARENT);
    SnapshotParameters params = new SnapshotParameters();
    params.setFill(Color.TRANSPARENT);
    return box.snapshot(params, null);
  }

  /** The SVG path data of icon {@code name}. */
  public static String pathData(String name) {
    return DATA.computeIfAbsent(name, Icons::load);
  }

  private static String load(String name) {
    String resource = "/dev/templatestudio/app/studio/icons/" + name + ".svg";
    try (InputStream in = Icons.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no icon " + resource);
      }
      Matcher m = PATH_DATA.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      StringBuilder data = new StringBuilder();
      while (m.find()) {
        data.append(m.group(1)).append(' ');
      }
      return data.toString().trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
