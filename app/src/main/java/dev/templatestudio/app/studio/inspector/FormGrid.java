package dev.templatestudio.app.studio.inspector;

import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** A two-column form: labels on the left, fields filling the right. FX thread. */
final class FormGrid extends GridPane {
  private int row;

  FormGrid() {
    setHgap(8);
    setVgap(6);
    setPadding(new Insets(8));
    ColumnConstraints labels = new ColumnConstraints();
    labels.setMinWidth(USE_PREF_SIZE);
    labels.setHalignment(HPos.RIGHT);
    ColumnConstraints fields = new ColumnConstraints();
    fields.setHgrow(Priority.ALWAYS);
    fields.setFillWidth(true);
    getColumnConstraints().addAll(labels, fields);
    getStyleClass().add("form");
  }

  FormGrid row(String label, Node field) {
    Label l = new Label(label);
    l.setLabelFor(field);
    GridPane.setValignment(l, VPos.TOP);
    l.setPadding(new Insets(4, 0, 0, 0));
    add(l, 0, row);
    add(field, 1, row);
    GridPane.setHgrow(field, Priority.ALWAYS);
    row++;
    return this;
  }

  FormGrid full(Node node) {
    add(node, 0, row, 2, 1);
    GridPane.setHalignment(node, HPos.LEFT);
    row++;
    return this;
  }

  FormGrid section(String title) {
    Label l = new Label(title);
    l.getStyleClass().add("form-section");
    GridPane.setMargin(l, new Insets(8, 0, 0, 0));
    return full(l);
  }

  FormGrid hint(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("hint");
    l.setWrapText(true);
    return full(l);
  }
}
