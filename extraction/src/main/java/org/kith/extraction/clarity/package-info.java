/**
 * Clarity models: reading a document type from any photo of it.
 *
 * <h2>The anchor frame</h2>
 * A model names two texts printed on the document, {@code anchor_a} near the top-left and {@code anchor_c}
 * near the bottom-right. In an image, A and C are the centres of the boxes of those texts as OCR finds them.
 * The anchor frame has its origin at A, its first axis {@code u} along A→C, its second axis {@code v} = {@code u}
 * turned 90° clockwise on screen (image y grows downwards), and its unit is the A→C distance {@code d}: pixel
 * {@code p} has frame coordinates {@code s = (p − A)·u / d}, {@code t = (p − A)·v / d}. A point printed on the
 * document therefore has the same frame coordinates in every photo, whatever its scale, rotation or position.
 *
 * <p>A component box {@code [x1, y1, x2, y2]} stores two opposite corners of the field's rectangle in frame
 * coordinates (the top-left and bottom-right corners as the field stands on the upright document). {@code angle} is
 * the direction of A→C, in degrees clockwise from the document's horizontal, measured on the upright training
 * image; with it, the rectangle's other two corners, and so its orientation in a rotated photo, are recovered:
 * the document's horizontal in a photo is A→C turned back by {@code angle}. {@code norm} is the document's size,
 * {@code [width, height]}, in thousandths of {@code d} (the training image's extent).
 */
@NullMarked
package org.kith.extraction.clarity;

import org.jspecify.annotations.NullMarked;
