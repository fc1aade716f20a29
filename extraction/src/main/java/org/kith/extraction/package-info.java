/** Clarity extraction: OCR with Tesseract (tess4j), imaging with OpenCV, MRZ reading. */
@NullMarked
package org.kith.extraction;

import org.jspecify.annotations.NullMarked;
