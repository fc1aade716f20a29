/** The append-only, hash-chained audit trail (PaperTrail) of changes and of reads of other people's data. */
@NullMarked
package org.kith.core.audit;

import org.jspecify.annotations.NullMarked;
