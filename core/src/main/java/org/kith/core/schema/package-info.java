/** JSON Schemas addressed as type_ID with immutable versions, and validation of documents against them. */
@NullMarked
package org.kith.core.schema;

import org.jspecify.annotations.NullMarked;
