#!/usr/bin/env python3
"""Which step of Kith's OpenID Provider the server's Java threads spent their time in, per measured phase.

Usage: python3 bench/jfr-steps.py <recording.jfr> <windows>
  <windows>: lines "phase HH:MM:SS.fff HH:MM:SS.fff" (time of day, local zone) that KithBenchOidc writes when
  OIDC_BENCH_WINDOWS names a file; bench/oidc.sh sets it up with KITH_PROFILE=1.
Reads the recording's execution samples (jdk.ExecutionSample: Java threads only, so the JIT compiler and GC threads
are not in it; bench/oidc.sh prints those from /proc) and sorts each sample taken inside a window into the first
matching step below.
"""
import collections
import re
import subprocess
import sys

# (step, pattern on the stack's frames or the thread name); first match wins
STEPS = [
    ("HMAC-SHA256 (client secret, code and refresh hashes, pairwise sub)", r"HmacSecretHasher"),
    ("ES256 signing (ID token, access token)", r"Es256RelyingPartyTokens\.(sign|idToken|accessToken)"),
    ("ES256 verification (access token)", r"Es256RelyingPartyTokens\.verify"),
    ("Cypher parsing and planning", r"CypherPlanner|frontend\.phases|PreParser|QueryCache\.compile"),
    ("Neo4j commit", r"kernel\.impl\.coreapi\.TransactionImpl\.commit|TransactionImpl\.commit"),
    ("Cypher execution and storage", r"org\.neo4j\.(cypher|kernel|internal|index|io)"),
    ("Bolt protocol, server side", r"org\.neo4j\.bolt|thread:neo4j\.Bolt"),
    ("Neo4j Java driver", r"org\.neo4j\.driver|thread:Neo4jDriverIO"),
    ("Kith's own code (core, graph, api)", r"org\.kith\."),
    ("WebFlux, Netty, Jackson (request threads)", r"thread:reactor-http"),
]


def seconds(clock):
    h, m, s = clock.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def main():
    recording, windows_file = sys.argv[1], sys.argv[2]
    windows = []
    with open(windows_file, encoding="utf-8") as f:
        for line in f:
            phase, start, end = line.split()
            windows.append((phase, seconds(start), seconds(end)))
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", recording],
                          check=True, capture_output=True, text=True).stdout
    counts = collections.defaultdict(collections.Counter)
    for event in text.split("jdk.ExecutionSample")[1:]:
        when = re.search(r"startTime = (\d\d:\d\d:\d\d\.\d+)", event)
        if not when:
            continue
        t = seconds(when.group(1))
        phase = next((p for p, a, b in windows if a <= t <= b), None)
        if phase is None:
            continue
        thread = re.search(r'sampledThread = "([^"]*)"', event)
        frames = " ".join(re.findall(r"^\s+([\w$.<>]+)\(", event, re.M))
        subject = frames + " thread:" + (thread.group(1) if thread else "")
        step = next((name for name, pattern in STEPS if re.search(pattern, subject)), "other")
        counts[phase][step] += 1
    for phase in sorted(counts):
        total = sum(counts[phase].values())
        print(f"{phase}: {total} samples of Java threads")
        for step, n in counts[phase].most_common():
            print(f"  {100 * n / total:5.1f} %  {step}")


if __name__ == "__main__":
    main()
