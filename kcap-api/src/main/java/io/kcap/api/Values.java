package io.kcap.api;

import io.fabric8.kubernetes.api.model.IntOrString;

/** Small conversions shared by the model, the reader and the validator. */
final class Values {
  private Values() {}

  /** An int-or-string as the user wrote it, without quotes. */
  static String text(IntOrString value) {
    return value.getIntVal() != null
        ? Integer.toString(value.getIntVal())
        : String.valueOf(value.getStrVal());
  }
}
