package org.kith.crypto.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/** Damage the fuzzer applies to a valid text: a few splices of fuzzer-chosen text at fuzzer-chosen places. */
final class Mutations {
  private Mutations() {}

  /** {@code valid} with up to four ranges replaced by strings the fuzzer picks (positions taken modulo length). */
  static String splice(String valid, FuzzedDataProvider data) {
    StringBuilder s = new StringBuilder(valid);
    int edits = data.consumeInt(1, 4);
    for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
      int at = data.consumeInt(0, s.length());
      int cut = Math.min(s.length() - at, data.consumeInt(0, 8));
      s.replace(at, at + cut, data.consumeString(8));
    }
    return s.toString();
  }
}
