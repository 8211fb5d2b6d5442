#!/usr/bin/env bash
# Prints the raw, gzip -9 and brotli -q 11 size of every file of a built site.
#   scripts/size-report.sh [dist-folder]
set -euo pipefail
dir=${1:-dist}
printf '%-44s %12s %12s %12s\n' file raw gzip brotli
total_raw=0 total_gz=0 total_br=0
for f in "$dir"/*; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-44s %12d %12d %12d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
done
printf '%-44s %12d %12d %12d\n' total "$total_raw" "$total_gz" "$total_br"
