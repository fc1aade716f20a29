/** Tesseract through tess4j: native library set-up and text recognition. */
@NullMarked
package org.kith.extraction.ocr;

import org.jspecify.annotations.NullMarked;
