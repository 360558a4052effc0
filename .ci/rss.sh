#!/usr/bin/env bash
# Peak RSS of a full analyze at ~1,000 and ~5,000 activities, the figure
# (e) of docs/performance.md on its own (bench.sh measures it once among
# everything else). Not run by .ci/run: it takes a few minutes.
#
#   bash .ci/rss.sh                  # 3 runs per size, medians and the 5k/1k ratio
#   REPS=5 bash .ci/rss.sh
#   BASE=<git rev> bash .ci/rss.sh   # also that revision's binary, runs alternated
#
# Each run is "analyze -q --log-level error --no-cache --out OUT IN" under
# /usr/bin/time -v (bench.sh's peak()), on the datasets of
# "gainguard samples --athletes 3 --weeks 52" (1,001 activity files) and
# "--athletes 15 --weeks 52" (5,005). Target: the 5k peak within 1.5x the
# 1k peak (issue 16).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPS=${REPS:-3}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gainguard-rss.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/new" ./cmd/gainguard
bins=(new)
if [ -n "${BASE:-}" ]; then
  mkdir "$work/base-src"
  git archive "$BASE" | tar -x -C "$work/base-src"
  (cd "$work/base-src" && go build -o "$work/base" ./cmd/gainguard)
  rm -rf "$work/base-src"
  bins=(base new)
fi
"$work/new" samples --athletes 3 --weeks 52 --out "$work/s1000" >/dev/null
"$work/new" samples --athletes 15 --weeks 52 --out "$work/s5000" >/dev/null

peak() { # peak RSS in MB of a full analyze of $2 by binary $1
  rm -rf "$work/out"
  /usr/bin/time -v "$work/$1" analyze -q --log-level error --no-cache --out "$work/out" "$work/$2" 2>&1 >/dev/null |
    awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}'
  rm -rf "$work/out"
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "== $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(go version | cut -d' ' -f3)"
for rep in $(seq "$REPS"); do
  for b in "${bins[@]}"; do
    for s in s1000 s5000; do
      m=$(peak "$b" "$s"); echo "$m" >>"$work/$b-$s"
      echo "   run $rep $b $s: $m MB"
    done
  done
done
for b in "${bins[@]}"; do
  a=$(median <"$work/$b-s1000"); c=$(median <"$work/$b-s5000")
  echo "$b: peak RSS 1,001 activities $a MB, 5,005 activities $c MB (medians of $REPS): ratio $(awk -v a="$a" -v c="$c" 'BEGIN {printf "%.2f", c / a}')x (target <= 1.5x)"
done
