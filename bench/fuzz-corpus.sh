#!/usr/bin/env bash
# Keeps what fuzzing found: copies the corpus Jazzer grew in each module's .cifuzz-corpus/ (inputs that reached
# new code) next to the committed seeds, where every later run (and CI) replays it first.
# Usage: bash bench/fuzz-corpus.sh   (after ./mvnw test runs, or longer local runs of one target:
#        ./mvnw -pl graph surefire:test@fuzz -Dtest=CypherGuardFuzz, repeated: each run continues the corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
for corpus in */.cifuzz-corpus/*/*/; do
  module=${corpus%%/*}
  rest=${corpus#*/.cifuzz-corpus/}
  class=${rest%%/*}
  method=$(basename "$rest")
  target="$module/src/test/resources/$(dirname "${class//.//}")/$(basename "${class//.//}")Inputs/$method"
  mkdir -p "$target"
  # small inputs only: large ones add little coverage and slow every replay
  find "$corpus" -maxdepth 1 -type f -size -4k -exec cp -n {} "$target/" \;
  echo "$target: $(ls "$target" | wc -l) inputs"
done
