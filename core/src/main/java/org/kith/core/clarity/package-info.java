/**
 * Clarity: OCR, model training, extraction, MRZ reading and extract-verify-sign of identity documents. The
 * image work is behind {@link org.kith.core.clarity.DocumentReader} (the extraction module); this package
 * checks permissions, bounds concurrency, runs verifiers and signs results.
 */
@NullMarked
package org.kith.core.clarity;

import org.jspecify.annotations.NullMarked;
