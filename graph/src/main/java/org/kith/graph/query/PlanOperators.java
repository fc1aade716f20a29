package org.kith.graph.query;

import java.util.Set;
import org.neo4j.driver.summary.Plan;

/**
 * The plan operators an analyst's query may use: scans, seeks, expands, filters, projections, joins,
 * aggregations, sorting and paging. Anything else — LoadCSV, ProcedureCall, Show*, Terminate*, Create, Merge,
 * Set*, Delete*, Foreach, TransactionApply and operators this list does not know — fails the query, so a new
 * Neo4j operator is refused until someone has looked at it. The count-store operators are refused too: they count
 * every node or relationship of a kind, visible or not, and a correctly rewritten query never plans them (its
 * visibility predicate is a filter the count store cannot answer), so seeing one means the rewrite failed.
 */
final class PlanOperators {
  private PlanOperators() {}

  static final Set<String> ALLOWED = Set.of(
      "AllNodesScan",
      "PartitionedAllNodesScan",
      "NodeByLabelScan",
      "PartitionedNodeByLabelScan",
      "IntersectionNodeByLabelsScan",
      "PartitionedIntersectionNodeByLabelsScan",
      "SubtractionNodeByLabelsScan",
      "PartitionedSubtractionNodeByLabelsScan",
      "UnionNodeByLabelsScan",
      "PartitionedUnionNodeByLabelsScan",
      "NodeByIdSeek",
      "NodeByElementIdSeek",
      "NodeIndexSeek",
      "PartitionedNodeIndexSeek",
      "NodeUniqueIndexSeek",
      "MultiNodeIndexSeek",
      "AssertingMultiNodeIndexSeek",
      "NodeIndexSeekByRange",
      "PartitionedNodeIndexSeekByRange",
      "NodeUniqueIndexSeekByRange",
      "NodeIndexContainsScan",
      "NodeIndexEndsWithScan",
      "NodeIndexScan",
      "PartitionedNodeIndexScan",
      "DirectedRelationshipIndexScan",
      "UndirectedRelationshipIndexScan",
      "DirectedRelationshipIndexSeek",
      "UndirectedRelationshipIndexSeek",
      "DirectedRelationshipIndexSeekByRange",
      "UndirectedRelationshipIndexSeekByRange",
      "DirectedRelationshipIndexContainsScan",
      "UndirectedRelationshipIndexContainsScan",
      "DirectedRelationshipIndexEndsWithScan",
      "UndirectedRelationshipIndexEndsWithScan",
      "DirectedRelationshipUniqueIndexSeek",
      "UndirectedRelationshipUniqueIndexSeek",
      "DirectedRelationshipByIdSeek",
      "UndirectedRelationshipByIdSeek",
      "DirectedRelationshipByElementIdSeek",
      "UndirectedRelationshipByElementIdSeek",
      "DirectedAllRelationshipsScan",
      "UndirectedAllRelationshipsScan",
      "DirectedRelationshipTypeScan",
      "UndirectedRelationshipTypeScan",
      "DirectedUnionRelationshipTypesScan",
      "UndirectedUnionRelationshipTypesScan",
      "Apply",
      "SemiApply",
      "AntiSemiApply",
      "LetSemiApply",
      "LetAntiSemiApply",
      "SelectOrSemiApply",
      "SelectOrAntiSemiApply",
      "LetSelectOrSemiApply",
      "LetSelectOrAntiSemiApply",
      "ConditionalApply",
      "AntiConditionalApply",
      "RollUpApply",
      "Argument",
      "ArgumentTracker",
      "Expand",
      "OptionalExpand",
      "VarLengthExpand",
      "BFSPruningVarLengthExpand",
      "Repeat",
      "Trail",
      "NullifyMetadata",
      "AssertSameNode",
      "AssertSameRelationship",
      "Filter",
      "Limit",
      "ExhaustiveLimit",
      "Skip",
      "Sort",
      "PartialSort",
      "Top",
      "PartialTop",
      "Union",
      "OrderedUnion",
      "Unwind",
      "PartitionedUnwind",
      "Optional",
      "Projection",
      "ProduceResults",
      "Eager",
      "EagerAggregation",
      "OrderedAggregation",
      "Distinct",
      "OrderedDistinct",
      "CartesianProduct",
      "NodeHashJoin",
      "ValueHashJoin",
      "NodeLeftOuterHashJoin",
      "NodeRightOuterHashJoin",
      "TriadicSelection",
      "TriadicBuild",
      "TriadicFilter",
      "ShortestPath",
      "StatefulShortestPath",
      "CacheProperties",
      "ProjectEndpoints",
      "Anti",
      "EmptyRow",
      "EmptyResult",
      "PartitionedScan",
      "Input");

  /**
   * Throws {@link QueryRejected} naming the first operator of {@code plan} that is not allowed; a ProcedureCall is
   * allowed if it calls one of {@code procedures}.
   */
  static void requireAllowed(Plan plan, Set<String> procedures) {
    String name = baseName(plan.operatorType());
    if (!ALLOWED.contains(name)
        && !(name.equals("ProcedureCall") && procedures.contains(procedure(plan)))) {
      throw new QueryRejected("the query's plan uses " + name + ", which analysts may not run");
    }
    for (Plan child : plan.children()) {
      requireAllowed(child, procedures);
    }
  }

  /** The procedure a ProcedureCall operator calls: its details start {@code namespace.name(}. */
  private static String procedure(Plan plan) {
    var details = plan.arguments().get("Details");
    String text = details == null || details.isNull() ? "" : details.asString();
    int paren = text.indexOf('(');
    return paren < 0 ? "" : text.substring(0, paren).strip();
  }

  /** {@code "Expand(All)@neo4j"} → {@code "Expand"}. */
  static String baseName(String operatorType) {
    String s = operatorType;
    int at = s.indexOf('@');
    if (at >= 0) {
      s = s.substring(0, at);
    }
    int paren = s.indexOf('(');
    if (paren >= 0) {
      s = s.substring(0, paren);
    }
    return s.replace(" ", "");
  }
}
