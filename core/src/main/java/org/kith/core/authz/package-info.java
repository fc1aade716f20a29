/**
 * Who may do what, declared once as data ({@link org.kith.core.authz.AuthorizationModel#KITH}, in the shape of a
 * SpiceDB/OpenFGA schema), the port every service asks ({@link org.kith.core.authz.Authorization}), and a small
 * in-memory evaluator of the same declaration ({@link org.kith.core.authz.ModelEvaluator}), the oracle the graph
 * adapter is tested against.
 */
@NullMarked
package org.kith.core.authz;

import org.jspecify.annotations.NullMarked;
