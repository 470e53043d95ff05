#!/bin/sh
# Scores the extractor on the seeds and the two dev sets with the reference scorer.
#   sh scripts/score-dev.sh [--details]        (rebuild first: npx tsc -p .)
# Uses the CLI (node bin/sitrep.js extract) when dist/ is built, else the tsx stand-in.
set -e
cd "$(dirname "$0")/.."
SHARED=${SITREP_SHARED:-../shared}
OUT=${TMPDIR:-/tmp}/sitrep-score
mkdir -p "$OUT"
if [ -f dist/cli/main.js ] && [ -z "$SITREP_TSX" ]; then
  run() { node bin/sitrep.js extract --quiet "$@"; }
else
  run() { node --import tsx scripts/extract-jsonl.ts "$@"; }
fi
run samples/seeds/*.txt > "$OUT/seeds.jsonl"
echo "== seeds"; node "$SHARED/eval/score.mjs" --gold samples/seeds.gold.jsonl --system "$OUT/seeds.jsonl" "$@"
run "$SHARED/dev/acled-syria-2018-dev.docs.jsonl" > "$OUT/acled.jsonl"
echo "== acled-syria-2018-dev"; node "$SHARED/eval/score.mjs" --gold "$SHARED/dev/acled-syria-2018-dev.gold.jsonl" --system "$OUT/acled.jsonl" "$@"
run "$SHARED/dev/articles-dev.docs.jsonl" > "$OUT/articles.jsonl"
echo "== articles-dev"; node "$SHARED/eval/score.mjs" --gold "$SHARED/dev/articles-dev.gold.jsonl" --system "$OUT/articles.jsonl" "$@"
