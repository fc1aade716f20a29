package org.kith.core.clarity;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Port for verifiers that check extracted document data (built in: MRZ check digits, MRZ against printed
 * fields, date plausibility; third parties add their own, for example a registry lookup).
 */
public interface DocumentVerifier {
  /** One outcome: {@code {name, passed, detail?}} as in {@code ss_Verification.checks}. */
  record Check(String name, boolean passed, @Nullable String detail) {}

  /** The checks this verifier makes of one document (none if it does not apply). */
  List<Check> verify(
      String schemaName, Map<String, Object> documentData, DocumentReader.@Nullable Mrz mrz);
}
