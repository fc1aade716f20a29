/** Organisations: members and admins, email invitations, short links. */
@NullMarked
package org.kith.core.org;

import org.jspecify.annotations.NullMarked;
