/** JSON Schema validation with networknt, resolving Kith schemas from the store and never from the network; the schema routes; system schema loading. */
@NullMarked
package org.kith.api.schema;

import org.jspecify.annotations.NullMarked;
