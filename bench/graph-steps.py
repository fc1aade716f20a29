#!/usr/bin/env python3
"""Which step the server spent its CPU on, per profile window: async-profiler collapsed stacks (one file per
window, as bench/graph-1m.sh writes them with KITH_PROFILE=1), each sample sorted into the first matching step.

Usage: python3 bench/graph-steps.py <dir>/*.collapsed
"""
import re, sys, os, collections
STEPS = [
    ("JIT compiler", r"CompileBroker|C2Compiler|C1Compiler|Compilation::"),
    ("GC", r"G1|GCTaskThread|ConcurrentGCThread|WorkerThread::run"),
    ("JSON Schema validation", r"networknt|SchemaValidator|JsonSchema"),
    ("audit hashing and rows", r"AuditAppender|Json\.sha256|Canonical"),
    ("Cypher parsing and planning", r"CypherPlanner|frontend\.phases|PreParser|QueryCache|CachingPlanner|logical\.plans|planner\."),
    ("Neo4j commit (logs, indexes, locks)", r"KernelTransactionImplementation\.commit|TransactionImpl\.commit|TransactionCommitProcess|IndexUpdat|LogFile|TransactionLog"),
    ("Cypher execution and storage", r"org\.neo4j\.(cypher|kernel|internal|index|io|values)"),
    ("Bolt protocol, server side", r"org\.neo4j\.bolt"),
    ("Neo4j Java driver", r"org\.neo4j\.driver"),
    ("Jackson JSON", r"com\.fasterxml\.jackson"),
    ("HTTP (Netty, Reactor, Spring WebFlux)", r"io\.netty|reactor\.|org\.springframework"),
    ("Kith code", r"org\.kith"),
    ("other", r"."),
]
def classify(stack):
    for name, pat in STEPS:
        if re.search(pat, stack):
            return name
for path in sys.argv[1:]:
    counts = collections.Counter(); total = 0
    for line in open(path):
        stack, _, n = line.rstrip().rpartition(" "); stack = stack.replace("/", ".")
        try: n = int(n)
        except ValueError: continue
        counts[classify(stack)] += n; total += n
    if total == 0: continue
    print(f"{os.path.basename(path)} samples={total}: " + "; ".join(f"{k} {100*v/total:.0f}%" for k, v in counts.most_common(7)))
