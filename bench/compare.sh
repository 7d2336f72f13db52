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
awk -v pyfile="$tmp/py.txt" '
BEGIN {
  FS = "\t"
  while ((getline line < pyfile) > 0) { split(line, f, "\t"); py[f[1]] = f[2]; note[f[1]] = f[4] }
  map["BenchmarkSeedSGDStep"] = "seed SGD step"
  map["BenchmarkBreastCancerStep/float64"] = "breast-cancer batch 32 step float64"
  map["BenchmarkBreastCancerStep/float32"] = "breast-cancer batch 32 step float32"
  map["BenchmarkFullBatchEpoch/float64"] = "200000x50 full-batch epoch float64"
  map["BenchmarkFullBatchEpoch/float32"] = "200000x50 full-batch epoch float32"
  map["BenchmarkSAGBreastCancer"] = "SAG breast-cancer"
  map["BenchmarkSAGLarge"] = "SAG 200000x50"
  printf "%-38s %14s %14s %8s  %s\n", "workload", "nnlr", "python", "ratio", "notes"
  FS = " "
}
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  if (!(name in map)) next
  sec = $3 / 1e9; extra = ""
  for (i = 4; i < NF; i++) {
    if ($(i+1) == "µs/step") sec = $i / 1e6
    if ($(i+1) == "epochs") extra = $i " epochs"
  }
  k = map[name]
  p = (k in py) ? py[k] : ""
  ratio = (p != "") ? sprintf("%.2f", sec / p) : "-"
  printf "%-38s %12.4g s %12s %8s  %s\n", k, sec, (p != "" ? sprintf("%.4g s", p) : "-"), ratio, \
    (extra != "" ? "nnlr " extra : "") (note[k] != "" ? ", python " note[k] : "")
}' "$tmp/go.txt"
