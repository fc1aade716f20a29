/** Email delivery: SMTP when configured, otherwise RFC 5322 .eml files in the data directory. */
@NullMarked
package org.kith.delivery.mail;

import org.jspecify.annotations.NullMarked;
