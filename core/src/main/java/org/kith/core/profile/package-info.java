/** Profile objects and the permission graph: objects, grants (IS_OWNER ⊇ ADMINS ⊇ EDITS ⊇ VIEWS, direct, through groups, cascading down relationships, PUBLIC), groups, relationships, documents and preferences. */
@NullMarked
package org.kith.core.profile;

import org.jspecify.annotations.NullMarked;
