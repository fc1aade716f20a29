/** JSON ↔ CSV conversion: {@code POST /v1/convert/json-to-csv} and {@code POST /v1/convert/csv-to-json}. */
@NullMarked
package org.kith.api.convert;

import org.jspecify.annotations.NullMarked;
