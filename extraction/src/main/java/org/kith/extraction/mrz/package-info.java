/**
 * Reading ICAO 9303 machine readable zones (TD1, TD2, TD3) from OCR text: normalisation, line-length
 * repair, look-alike correction guided by the check digits, and field extraction.
 */
@NullMarked
package org.kith.extraction.mrz;

import org.jspecify.annotations.NullMarked;
