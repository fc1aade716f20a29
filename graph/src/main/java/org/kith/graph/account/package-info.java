/** Neo4j stores of accounts, codes, sessions, throttling counters and personal access tokens. */
@NullMarked
package org.kith.graph.account;

import org.jspecify.annotations.NullMarked;
