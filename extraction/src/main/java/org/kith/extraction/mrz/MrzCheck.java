package org.kith.extraction.mrz;

/**
 * The check digits of an MRZ. Which ones a document has depends on its format: all have
 * {@link #DOCUMENT_NUMBER}, {@link #DATE_OF_BIRTH} and {@link #DATE_OF_EXPIRY}; only TD3 passports have
 * {@link #OPTIONAL_DATA} (the personal number); all but visas have {@link #COMPOSITE}. Immutable and
 * thread-safe.
 */
public enum MrzCheck {
  DOCUMENT_NUMBER("document_number"),
  DATE_OF_BIRTH("date_of_birth"),
  DATE_OF_EXPIRY("date_of_expiry"),
  OPTIONAL_DATA("optional_data"),
  COMPOSITE("composite");

  private final String key;

  MrzCheck(String key) {
    this.key = key;
  }

  /** Stable snake_case name, the same as the field the check digit protects ({@code composite} for the last). */
  public String key() {
    return key;
  }
}
