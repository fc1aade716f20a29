/** Decoding untrusted images within bounds, and the conversions OCR needs. */
@NullMarked
package org.kith.extraction.image;

import org.jspecify.annotations.NullMarked;
