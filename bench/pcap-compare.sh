#!/usr/bin/env bash
# Offline pcap tools, kcap against tcpdump and mergecap, on generated IMIX captures.
#
#   [SETTLE_QUIET=HALF-SECONDS] bench/pcap-compare.sh [-n RUNS] [-d DIR]
#
# Generates (once, cached in DIR, default /var/tmp/kcap-bench) a 1 GiB Ethernet/IPv4 IMIX pcap
# and 8 interleaved files of 128 MiB with the hidden `kcap pcap generate`, then times, in
# interleaved rounds so that both sides see the same machine load:
#   copy    tcpdump -r BIG -w OUT          vs  ./kcap pcap filter -r BIG -w OUT
#   filter  tcpdump -r BIG -w OUT udp      vs  ./kcap pcap filter -r BIG -w OUT udp
#   merge   mergecap -F pcap -w OUT 8 files vs  ./kcap pcap merge -o OUT 8 files
# Wall time includes JVM start (kcap runs through the ./kcap launcher). Outputs are checked
# byte for byte against the reference tool's. Prints median wall times, kcap/reference ratios and
# kcap's peak RSS (/usr/bin/time -v), plus the peak RSS of info and of a pcap->pcapng conversion.
#
# On a VM that hands freed memory back to its host (free page reporting, as on the development
# VM), a page-cache write into memory the host has taken back faults on the host, and the kernel
# reports freed memory in bursts that can fall inside a timed command. Before each command the
# script waits until the kernel has reported nothing for 3 s (SETTLE_QUIET half-seconds, default
# 6; at most 20 s): a wait of half a second left the burst after a deleted output to fall into
# the next command, most often the slower tool's. It counts the runs during which the kernel
# reported anyway: their times are the machine's, not the tool's (BENCHMARKS.md).
# Needs: tcpdump, mergecap, /usr/bin/time (Debian: tcpdump, wireshark-common, time).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
runs=5
data=/var/tmp/kcap-bench
while getopts "n:d:" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    d) data=$OPTARG ;;
    *) echo "usage: $0 [-n RUNS] [-d DIR]" >&2; exit 2 ;;
  esac
done
settle_quiet=${SETTLE_QUIET:-6}
[[ $settle_quiet =~ ^([1-9]|[1-3][0-9])$ ]] || {
  echo "bench: SETTLE_QUIET='$settle_quiet': expected half-seconds without reporting," \
    "1 to 39 (the wait stops at 20 s)" >&2
  exit 2
}
kcap="$root/kcap"
for tool in tcpdump mergecap /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
mkdir -p "$data"
"$kcap" --version >/dev/null # builds the jar and its AOT cache outside the timings

big="$data/imix-1g.pcap"
parts=("$data"/merge-{1..8}.pcap)
if [ ! -s "$big" ]; then
  echo "bench: generating $big" >&2
  "$kcap" pcap generate -o "$big" --size 1GiB --seed 1
fi
if [ ! -s "${parts[7]}" ]; then
  echo "bench: generating 8 x 128 MiB in $data" >&2
  "$kcap" pcap generate -o "$data/merge-%d.pcap" --size 1GiB --files 8 --seed 2
fi
out="$data/out"
ref="$data/out-reference"
cat "$big" "${parts[@]}" >/dev/null # into the page cache, for both sides alike

results=$(mktemp -d)
trap 'rm -rf "$results" "$out" "$ref"' EXIT

# KiB of freed memory the kernel has reported to the host; 0 where it does not report
reporting=/sys/module/page_reporting/parameters/reported_kib
reported() { cat "$reporting" 2>/dev/null || echo 0; }
# waits until the kernel has reported nothing for SETTLE_QUIET half-seconds in a row (at most 20 s)
settle() {
  local last=-1 now quiet=0
  for _ in $(seq 40); do
    now=$(reported)
    if [ "$now" = "$last" ]; then
      quiet=$((quiet + 1))
      [ "$quiet" -ge "$settle_quiet" ] && return
    else
      quiet=0
    fi
    last=$now
    sleep 0.5
  done
}

# measure NAME COMMAND...: one run, output removed first; appends "wall maxrss_kb user system
# reported_kib" to NAME
measure() {
  local name=$1 before
  shift
  rm -f "$out" "$ref"
  sync
  settle
  before=$(reported)
  /usr/bin/time -f "%e %M %U %S" -a -o "$results/$name" "$@" >/dev/null 2>"$results/$name.err" || {
    echo "bench: '$*' failed:" >&2
    cat "$results/$name.err" >&2
    exit 1
  }
  sed -i "\$s/\$/ $(($(reported) - before))/" "$results/$name"
}

echo "bench: $runs interleaved rounds (plus one warm-up) on $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq 0 "$runs"); do
  for pair in copy filter merge; do
    case $pair in
      copy)
        measure tcpdump-copy tcpdump -r "$big" -w "$ref"
        cp_ref=$(cksum <"$ref")
        measure kcap-copy "$kcap" pcap filter -r "$big" -w "$out"
        [ "$(cksum <"$out")" = "$cp_ref" ] || { echo "bench: copy differs from tcpdump" >&2; exit 1; } ;;
      filter)
        measure tcpdump-filter tcpdump -r "$big" -w "$ref" udp
        f_ref=$(cksum <"$ref")
        measure kcap-filter "$kcap" pcap filter -r "$big" -w "$out" udp
        [ "$(cksum <"$out")" = "$f_ref" ] || { echo "bench: filter differs from tcpdump" >&2; exit 1; } ;;
      merge)
        measure mergecap-merge mergecap -F pcap -w "$ref" "${parts[@]}"
        m_ref=$(cksum <"$ref")
        measure kcap-merge "$kcap" pcap merge -o "$out" "${parts[@]}"
        [ "$(cksum <"$out")" = "$m_ref" ] || { echo "bench: merge differs from mergecap" >&2; exit 1; } ;;
    esac
  done
  if [ "$round" = 0 ]; then # the warm-up round does not count
    for f in "$results"/*; do case $f in *.err) ;; *) : >"$f" ;; esac; done
  fi
done
measure kcap-info "$kcap" pcap info "$big"
measure kcap-to-pcapng "$kcap" pcap filter -r "$big" -w "$out" -F pcapng

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
maxrss() { awk 'BEGIN {m=0} $2>m {m=$2} END {printf "%.1f", m/1024}'; }
wall() { cut -d' ' -f1 "$results/$1" | median; }
cpu() { awk '{print $3 + $4}' "$results/$1" | median; } # user + system seconds
disturbed() { awk '$5 > 0 {n++} END {print n + 0}' "$results/$1"; } # runs with reporting in them
echo "median of $runs runs; wall time decides the goal, CPU time (user+system) shows the work;"
echo "'reported' counts the runs (reference/kcap) during which the kernel reported freed memory"
printf "%-7s %10s %8s %7s %8s | %9s %8s %7s | %-13s | %s\n" task reference kcap ratio goal "ref CPU" "kcap CPU" ratio "kcap peak RSS" reported
for pair in copy:tcpdump-copy:0.55 filter:tcpdump-filter:0.55 merge:mergecap-merge:0.55; do
  IFS=: read -r task reference goal <<<"$pair"
  r=$(wall "$reference") k=$(wall "kcap-$task") rc=$(cpu "$reference") kc=$(cpu "kcap-$task")
  printf "%-7s %9ss %7ss %7.2f %8s | %8ss %7ss %7.2f | %10s MB | %s/%s\n" "$task" "$r" "$k" \
    "$(echo "$k / $r" | bc -l)" "<= $goal" "$rc" "$kc" "$(echo "$kc / $rc" | bc -l)" \
    "$(maxrss <"$results/kcap-$task")" "$(disturbed "$reference")" "$(disturbed "kcap-$task")"
done
printf "%-7s %-62s %s MB\n" info "(1 GiB, every record read)" "$(maxrss <"$results/kcap-info")"
printf "%-7s %-62s %s MB\n" pcapng "(1 GiB pcap converted to pcapng)" "$(maxrss <"$results/kcap-to-pcapng")"
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
