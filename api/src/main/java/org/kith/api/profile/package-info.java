/** The /v1/db routes (profile objects, permissions, owners, groups, relationships, preferences), /v1/public and /v1/audit. */
@NullMarked
package org.kith.api.profile;

import org.jspecify.annotations.NullMarked;
