#!/usr/bin/env bash
# Summarises a JFR recording's jdk.ExecutionSample events: samples per thread, then the most
# frequent top frames, overall or only on threads whose name contains a given text.
# Usage: jfr-top.sh <file.jfr> [how many frames] [text in thread names]
set -euo pipefail
file="$1"; n="${2:-25}"; prefix="${3:-}"
samples="$(mktemp)"
trap 'rm -f "$samples"' EXIT
# one line per sample: <thread name><TAB><top frame without line number>
jfr print --events jdk.ExecutionSample --stack-depth 1 "$file" | awk '
  /sampledThread = /{ split($0, q, "\""); thread = q[2]; sub(/-[0-9]+$/, "", thread) }
  /stackTrace = \[/{ getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); print thread "\t" $0 }' > "$samples"
echo "== samples per thread (pool numbers removed) =="
cut -f1 "$samples" | sort | uniq -c | sort -rn | head -15
echo "== top frames${prefix:+ on threads with '$prefix'} (share of those samples) =="
awk -F'\t' -v p="$prefix" 'index($1, p) > 0 { print $2 }' "$samples" | sort | uniq -c | sort -rn \
  | awk -v n="$n" '{ c[NR] = $1; $1 = ""; f[NR] = $0; t += c[NR] } END { for (i = 1; i <= n && i <= NR; i++) printf "%5.1f %%%s\n", 100 * c[i] / t, f[i] }'
