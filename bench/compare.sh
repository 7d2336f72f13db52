#!/usr/bin/env bash
# Runs nnlr's speed benchmarks and, when Debian's python3-torch and
# python3-sklearn are installed, the same workloads in PyTorch and
# scikit-learn on the same data, and prints one table with the ratios.
# Not run by CI. Usage: bash bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "machine: $(nproc) cores, $(uname -m), $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d)" >&2
go test ./bench -run '^$' -bench 'SeedSGDStep|BreastCancerStep|SAGBreastCancer' -benchtime 2s >"$tmp/go.txt"
go test ./bench -run '^$' -bench 'FullBatchEpoch' -benchtime 10x >>"$tmp/go.txt"
go test ./bench -run '^$' -bench 'SAGLarge' -benchtime 1x >>"$tmp/go.txt"
go test ./bench -run '^$' -bench 'LargeDataStep' -benchtime 2x >>"$tmp/go.txt"

# Whole commands, timed from outside (wall seconds, start-up included):
# compare --runs 8 against one run of the same compare, and the default sweep.
go build -o "$tmp/nnlr" ./cmd/nnlr
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
one=$(wall "$tmp/nnlr" compare --epochs 20000 --quiet --json --out "$tmp/out1")
eight=$(wall "$tmp/nnlr" compare --epochs 20000 --runs 8 --quiet --json --out "$tmp/out8")
sweep=$(wall "$tmp/nnlr" sweep --quiet --json --out "$tmp/outs")
{
  printf 'RunsEight/nnlr 1 %s ns/op\n' "$(echo "$eight * 1000000000" | bc -l)"
} >>"$tmp/go.txt"

py=""
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import torch, sklearn' 2>/dev/null; then py=$p; break; fi
done
if [ -n "$py" ]; then
  go run ./bench/gendata "$tmp"
  "$py" bench/reference.py "$tmp" "$PWD" >"$tmp/py.txt"
else
  echo "python3 with torch and sklearn not found: Go side only (apt-get install python3-torch python3-sklearn)" >&2
  : >"$tmp/py.txt"
fi

# Go: name → seconds per unit (breast-cancer: per step, from the µs/step metric).
# Each workload runs on the executor (nnlr's default machine), on Gorgonia's
# TapeMachine and, where it applies, as the hand-written Go loop, in one
# go test run: "x hand" is the time over the hand loop's.
awk -v pyfile="$tmp/py.txt" '
BEGIN {
  FS = "\t"
  while ((getline line < pyfile) > 0) { split(line, f, "\t"); py[f[1]] = f[2]; note[f[1]] = f[4] }
  key["BenchmarkSeedSGDStep"] = "seed SGD step"
  key["BenchmarkBreastCancerStep/float64"] = "breast-cancer batch 32 step float64"
  key["BenchmarkBreastCancerStep/float32"] = "breast-cancer batch 32 step float32"
  key["BenchmarkFullBatchEpoch/float64"] = "200000x50 full-batch epoch float64"
  key["BenchmarkFullBatchEpoch/float32"] = "200000x50 full-batch epoch float32"
  key["BenchmarkSAGBreastCancer"] = "SAG breast-cancer"
  key["BenchmarkSAGLarge"] = "SAG 200000x50"
  key["RunsEight"] = "seed 8 runs"
  key["BenchmarkLargeDataStep"] = "1000000x20 batch 32 step (shuffled, 160 MB)"
  FS = " "
}
/^(Benchmark|RunsEight)/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  variant = ""
  if (match(name, /\/(executor|tape|hand|nnlr)$/)) { variant = substr(name, RSTART + 1); name = substr(name, 1, RSTART - 1) }
  if (!(name in key)) next
  sec = $3 / 1e9; extra = ""
  for (i = 4; i < NF; i++) {
    if ($(i+1) == "µs/step") sec = $i / 1e6
    if ($(i+1) == "epochs") extra = $i " epochs"
  }
  rows[++nrows] = name; vars[nrows] = variant; secs[nrows] = sec; extras[nrows] = extra
  if (variant == "hand") hand[name] = sec
}
END {
  printf "%-50s %12s %12s %8s %8s  %s\n", "workload", "nnlr", "python", "ratio", "x hand", "notes"
  for (r = 1; r <= nrows; r++) {
    k = key[rows[r]]; sec = secs[r]
    label = k (vars[r] != "" ? " (" vars[r] ")" : "")
    p = (k in py) ? py[k] : ""
    ratio = (p != "") ? sprintf("%.3g", sec / p) : "-"
    xh = (rows[r] in hand) ? sprintf("%.3g", sec / hand[rows[r]]) : "-"
    printf "%-50s %10.4g s %12s %8s %8s  %s\n", label, sec, (p != "" ? sprintf("%.4g s", p) : "-"), ratio, xh, \
      (extras[r] != "" ? "nnlr " extras[r] : "") (note[k] != "" ? ", python " note[k] : "")
  }
}' "$tmp/go.txt"

echo
printf 'whole commands (wall, same sitting): compare --epochs 20000: %.3g s; with --runs 8: %.3g s (%.2f x one run); default sweep: %.3g s\n' \
  "$one" "$eight" "$(echo "$eight / $one" | bc -l)" "$sweep"

# Go only (no peer): K runs one by one (train.Fit) and stacked in one graph
# (train.FitStack), per model-step; and the per-epoch work that is not
# training, as a share of the epoch.
echo
echo "runs (µs/model-step) and per-epoch overhead, same go test run:"
go test ./bench -run '^$' -bench 'Runs|EpochOverhead' -benchtime 300x | grep '^Benchmark'
