/** {@code /v1/clarity}: OCR, training, extraction, extract-verify and mapping of identity documents. */
@NullMarked
package org.kith.api.clarity;

import org.jspecify.annotations.NullMarked;
