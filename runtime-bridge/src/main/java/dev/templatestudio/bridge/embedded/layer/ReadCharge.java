package dev.templatestudio.bridge.embedded.layer;

import java.io.InputStream;

/**
 * Charges the bytes of a layer's tar as they are read, before its entries are written (the
 * store's disk budget is one). An interface here, so that the layer code needs nothing of the
 * store while the store makes layer tars with {@link LayerWriter}.
 */
@FunctionalInterface
public interface ReadCharge {
  /** Charges nothing. */
  ReadCharge NONE = in -> in;

  /** {@code in}, charging each byte read through it; failing with an IOException past the bound. */
  InputStream charging(InputStream in);
}
