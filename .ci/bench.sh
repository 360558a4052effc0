#!/usr/bin/env bash
# gainguard's end-to-end scale benchmark (docs/performance.md). Not run by
# .ci/run: it takes minutes and its figures depend on the machine's load.
#
#   bash .ci/bench.sh            # 3 repetitions, medians
#   REPS=5 bash .ci/bench.sh     # more
#   KEEP=1 bash .ci/bench.sh     # keep the work folder (printed at the end)
#
# It builds gainguard and .ci/benchtool, writes ~5,000 activities with
# "gainguard samples --athletes 15 --weeks 52", then measures, REPS times:
#   (a) bare github.com/muktihari/fit decoding of every FIT file, all cores,
#       a synchronous listener that only counts records (benchtool bare);
#   (b) a full analyze into an empty --out (with --no-cache when the
#       incremental state exists), wall time, FIT MB/s and activities/s;
#   (c) a no-op re-run on the same --out;
#   (b') the same full analyze over the FIT files alone (like for like with (a));
#   (d) a re-run after adding one new FIT file;
#   (i) the import phase alone over the FIT files (decoding and digests as
#       analyze runs them, no scoring or outputs) against a bare decode
#       right after it, wall and CPU seconds (benchtool import);
# and once (e) the peak RSS of a full analyze at ~100, ~1,000 and ~5,000
# activities (/usr/bin/time -v when present, else getrusage via benchtool).
# A CPU profile of the first full analyze is summarised with pprof -top.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPS=${REPS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/gainguard-bench.XXXXXX")
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; fi

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "== load: $(uptime | sed 's/.*load average/load average/')"
echo "== go: $(go version)"

go build -o "$work/gainguard" ./cmd/gainguard
go build -o "$work/benchtool" ./.ci/benchtool
gg=$work/gainguard
bt=$work/benchtool

# Incremental state (another change): use --no-cache for the full run when
# the flag exists.
nocache=()
if "$gg" analyze --help 2>&1 | grep -q -- '--no-cache'; then nocache=(--no-cache); fi
echo "== incremental state flags: $([ ${#nocache[@]} -gt 0 ] && echo present || echo absent)"

"$gg" samples --athletes 15 --weeks 52 --out "$work/scale" >/dev/null
"$gg" samples --athletes 1 --weeks 2 --seed 4242 --out "$work/extra" >/dev/null
nfit=$(find "$work/scale" -name '*.fit' | wc -l)
ngpx=$(find "$work/scale" -name '*.gpx' | wc -l)
fitbytes=$(find "$work/scale" -name '*.fit' -printf '%s\n' | awk '{s+=$1} END {print s}')
extra=$(find "$work/extra" -name '*.fit' | sort | head -1)
adddir=$(dirname "$(find "$work/scale" -name '*.fit' | sort | head -1)")
echo "== dataset: $nfit FIT + $ngpx GPX activity files, FIT $((fitbytes / 1000000)) MB"
# The same athletes' FIT files alone (hard links), for a like-for-like
# comparison with (a), which decodes only FIT.
mkdir -p "$work/fitonly"
(cd "$work/scale" && find . \( -name '*.fit' -o -name athlete.json \) -print0 | xargs -0 cp --parents -l -t "$work/fitonly")

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
kv() { tr ' ' '\n' | sed -n "s/^$1=//p"; }

: >"$work/a"; : >"$work/b"; : >"$work/bf"; : >"$work/c"; : >"$work/d"; : >"$work/acts"; : >"$work/i"; : >"$work/ic"
for rep in $(seq "$REPS"); do
  echo "== repetition $rep/$REPS (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  line=$("$bt" bare "$work/scale"); echo "   (a) bare decode: $line"
  echo "$line" | kv seconds >>"$work/a"

  out=$work/out$rep
  prof=()
  if [ "$rep" = 1 ]; then prof=(--cpuprofile "$work/cpu.prof"); fi
  t0=$(now)
  "$gg" analyze --log-level error "${nocache[@]}" "${prof[@]}" --format json --out "$out" "$work/scale" >"$work/summary.json"
  t1=$(now); b=$(secs "$t0" "$t1"); echo "$b" >>"$work/b"
  acts=$(grep -o '"activities": *[0-9]*' "$work/summary.json" | head -1 | grep -o '[0-9]*$' || echo 0)
  echo "$acts" >>"$work/acts"
  echo "   (b) full analyze: ${b} s, $acts activities"

  rm -rf "$work/outfit"
  t0=$(now); "$gg" analyze -q --log-level error "${nocache[@]}" --out "$work/outfit" "$work/fitonly" >/dev/null; t1=$(now)
  bf=$(secs "$t0" "$t1"); echo "$bf" >>"$work/bf"; echo "   (b') full analyze of the FIT files alone: ${bf} s"
  rm -rf "$work/outfit"

  line=$("$bt" import "$work/fitonly"); echo "   (i) import phase alone, FIT files: $line"
  echo "$line" | kv ratio >>"$work/i"; echo "$line" | kv cpu_ratio >>"$work/ic"

  # (c) and (d) repeat (b)'s command as a nightly job would (--format is
  # part of what the up-to-date record must match; -q only silences it).
  t0=$(now); "$gg" analyze -q --log-level error --format json --out "$out" "$work/scale" >/dev/null; t1=$(now)
  c=$(secs "$t0" "$t1"); echo "$c" >>"$work/c"; echo "   (c) no-op re-run: ${c} s"

  cp "$extra" "$adddir/zz-bench-extra-$rep.fit"
  t0=$(now); "$gg" analyze -q --log-level error --format json --out "$out" "$work/scale" >/dev/null; t1=$(now)
  rm -f "$adddir/zz-bench-extra-$rep.fit"
  d=$(secs "$t0" "$t1"); echo "$d" >>"$work/d"; echo "   (d) re-run after adding one file: ${d} s"
  rm -rf "$out"
done

peak() { # peak RSS in MB of a full analyze of $1
  local in=$1 out=$work/rss-out
  rm -rf "$out"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$gg" analyze -q --log-level error "${nocache[@]}" --out "$out" "$in" 2>&1 >/dev/null |
      awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}'
  else
    "$bt" rss "$gg" analyze -q --log-level error "${nocache[@]}" --out "$out" "$in" 2>/dev/null | kv max_rss_kb | awk '{printf "%.0f", $1 / 1024}'
  fi
  rm -rf "$out"
}
echo "== (e) peak RSS ($([ -x /usr/bin/time ] && echo '/usr/bin/time -v' || echo 'getrusage'))"
"$gg" samples --athletes 1 --weeks 16 --out "$work/s100" >/dev/null
"$gg" samples --athletes 3 --weeks 52 --out "$work/s1000" >/dev/null
rss=()
for s in s100 s1000 scale; do
  n=$(find "$work/$s" -name '*.fit' -o -name '*.gpx' | wc -l)
  m=$(peak "$work/$s"); rss+=("$n:$m")
  echo "   $n activity files: $m MB"
done

ma=$(median <"$work/a"); mb=$(median <"$work/b"); mc=$(median <"$work/c"); md=$(median <"$work/d")
acts=$(median <"$work/acts")
amb=$(awk -v s="$fitbytes" -v t="$ma" 'BEGIN {printf "%.1f", s / 1e6 / t}')
bmb=$(awk -v s="$fitbytes" -v t="$mb" 'BEGIN {printf "%.1f", s / 1e6 / t}')
ratio=$(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2f", a / b}')
mbf=$(median <"$work/bf")
ratiof=$(awk -v a="$ma" -v b="$mbf" 'BEGIN {printf "%.2f", a / b}')
cat <<TABLE

== medians of $REPS ($(nproc) CPUs; $nfit FIT + $ngpx GPX files, FIT $((fitbytes / 1000000)) MB, $acts activities)
| measure | median | throughput | target |
|---|---|---|---|
| (a) bare FIT decode, all cores | ${ma} s | ${amb} MB/s, $(awk -v n="$nfit" -v t="$ma" 'BEGIN {printf "%.0f", n / t}') files/s | — |
| (b) full analyze | ${mb} s | ${bmb} MB/s FIT, $(awk -v n="$acts" -v t="$mb" 'BEGIN {printf "%.0f", n / t}') activities/s, ${ratio}× (a) | ≥ 0.8× (a) |
| (b') full analyze, FIT files alone | ${mbf} s | $(awk -v s="$fitbytes" -v t="$mbf" 'BEGIN {printf "%.1f", s / 1e6 / t}') MB/s FIT, ${ratiof}× (a) | |
| (i) import phase alone, FIT files | | $(median <"$work/i")× its bare decode (wall), $(median <"$work/ic")× (CPU) | |
| (c) no-op re-run | ${mc} s | | < 1 s |
| (d) re-run after adding one file | ${md} s | | < 2 s |
| (e) peak RSS | $(IFS=' '; for r in "${rss[@]}"; do printf '%s files: %s MB; ' "${r%%:*}" "${r##*:}"; done) | | flat, < 300 MB |
TABLE
echo
echo "== CPU profile of the first full analyze (go tool pprof -top)"
go tool pprof -top -nodecount=25 "$gg" "$work/cpu.prof" 2>/dev/null | sed -n '1,35p'
if [ -n "${KEEP:-}" ]; then echo "== kept $work"; fi
