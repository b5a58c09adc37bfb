#!/usr/bin/env bash
# Compares kcap's live capture with tcpdump and netsniff-ng on the same flood, in one run.
#
# Two network namespaces made here are joined by a veth pair; trafgen (pinned to CPU 0) floods
# 60-byte frames into one end, and each capturer (pinned to CPU 1) writes pcap of the other end to
# local disk with the same 64 MiB ring. The flood never leaves the pair: frames go to the peer's
# MAC and to 10.201.250.9, an address no namespace has, so the peer drops them after the capture
# taps have seen them. Every flood is bounded by a packet count and a timeout.
#
# Each capturer first records a warm-up flood (1M frames; kcap's JIT compiles its loop then, as it
# would early in any long capture), then the measured flood. For each tool it reports: packets the
# veth received during the measured flood, packets missing from the file, CPU-seconds per million
# packets (the run time of the capturer's threads in /proc/PID/task/*/schedstat, in nanoseconds,
# while the measured flood ran and drained), the capturer's whole CPU time from launch to exit
# (start-up and warm-up included, in ticks), peak RSS, and the time from launch to "ready" (ring
# attached): the median of 5 launches of the same command without a flood, made before the
# measured one (a single launch moved by 100 ms and more from run to run), and in parentheses the
# measured run's own launch. Then it repeats the flood with each capturer held to 25% of a CPU in
# a cgroup (cpu.max "25000 100000", or the cgroup-v1 cfs_quota/cfs_period pair where the cpu
# controller is v1), removed afterwards.
#
# kcap runs through the ./kcap launcher with its JVM settings for capture (BENCHMARKS.md, "Live
# capture"); KCAP_JAVA_OPTS in the environment is added after them, e.g. to try other settings.
#
# Usage: bench/capture-compare.sh [PACKETS [WARMUP]]   (defaults 3000000 1000000; needs root)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
packets=${1:-3000000}
warmup=${2:-1000000}
ring_mib=64
id=$$
ns_gen="kcb-gen-$id"
ns_cap="kcb-cap-$id"
veth_gen="kbg$id"
veth_cap="kbc$id"
work="/var/tmp/kcap-bench-$id"
cgroup=""

cleanup() {
  set +e
  ip netns del "$ns_gen" 2>/dev/null
  ip netns del "$ns_cap" 2>/dev/null
  [ -n "$cgroup" ] && [ -d "$cgroup" ] && rmdir "$cgroup" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

for tool in tcpdump netsniff-ng trafgen capinfos taskset; do
  command -v "$tool" >/dev/null || { echo "capture-compare: $tool is missing" >&2; exit 1; }
done
[ "$(nproc)" -ge 2 ] || { echo "capture-compare: needs 2 CPUs (flood on 0, capture on 1)" >&2; exit 1; }

# Build kcap once (the launcher builds on first use) and let it write its CDS archive.
"$root/kcap" --version >/dev/null

mkdir -p "$work"
ip netns add "$ns_gen"
ip netns add "$ns_cap"
ip link add "$veth_gen" type veth peer name "$veth_cap"
ip link set "$veth_gen" netns "$ns_gen"
ip link set "$veth_cap" netns "$ns_cap"
for pair in "$ns_gen $veth_gen 10.201.250.1" "$ns_cap $veth_cap 10.201.250.2"; do
  set -- $pair
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  ip netns exec "$1" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
  ip -n "$1" addr add "$3/24" dev "$2"
  ip -n "$1" link set "$2" up
done

mac() { ip -n "$1" -o link show dev "$2" | sed -E 's/.*link\/ether ([0-9a-f:]+).*/\1/'; }
hexmac() { echo "$1" | sed -E 's/([0-9a-f]{2})/0x\1/g; s/:/, /g'; }
dst=$(hexmac "$(mac "$ns_cap" "$veth_cap")")
src=$(hexmac "$(mac "$ns_gen" "$veth_gen")")
# 14 Ethernet + 20 IPv4 + 8 UDP + 18 payload = 60 bytes.
cat >"$work/flood.cfg" <<EOF
{
  $dst, $src, 0x08, 0x00,
  0x45, 0x00, c16(46), c16(0), 0x40, 0x00, 0x40, 17, csumip(14, 33),
  10, 201, 250, 1,   10, 201, 250, 9,
  c16(9), c16(9), c16(26), c16(0),
  fill(0x6b, 18)
}
EOF

rx_packets() { ip -n "$ns_cap" -s -o link show dev "$veth_cap" | awk '{for (i = 1; i <= NF; i++) if ($i == "RX:") {print $(i + 9); exit}}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU time of PID's threads in nanoseconds (schedstat's run time): a tick is 10 ms, about a tenth
# of kcap's time in the measured flood, too coarse for a ratio. Threads that end during the flood
# would be missed; none of the capturers ends one then.
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{s += $1} END {printf "%d", s}'; }
ticks_per_second=$(getconf CLK_TCK)

make_cgroup() {
  if [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
    cgroup="/sys/fs/cgroup/kcap-bench-$id"
    mkdir "$cgroup"
    echo "25000 100000" >"$cgroup/cpu.max"
  elif [ -d /sys/fs/cgroup/cpu ]; then
    cgroup="/sys/fs/cgroup/cpu/kcap-bench-$id"
    mkdir "$cgroup"
    echo 100000 >"$cgroup/cpu.cfs_period_us"
    echo 25000 >"$cgroup/cpu.cfs_quota_us"
  else
    echo "capture-compare: no cgroup cpu controller" >&2
    exit 1
  fi
}

flood() {
  if ! timeout 120 ip netns exec "$ns_gen" taskset -c 0 \
    trafgen --cpus 1 -i "$work/flood.cfg" -o "$veth_gen" -n "$1" -q >"$work/trafgen.out" 2>&1; then
    echo "capture-compare: trafgen failed or timed out:" >&2
    grep -v "socket memory" "$work/trafgen.out" >&2
  fi
}

# Returns once FILE has stopped growing for half a second (at most 20 s).
drained() {
  local last=-1 size
  for _ in $(seq 40); do
    size=$(stat -c %s "$1" 2>/dev/null || echo 0)
    [ "$size" = "$last" ] && return
    last=$size
    sleep 0.5
  done
}

# launch ERR PROCS READY-PATTERN COMMAND...: starts the capturer (joining the cgroup whose
# cgroup.procs is PROCS, or /dev/null), waits until ERR shows READY-PATTERN, and sets pid and
# launch_ms.
launch() {
  local err=$1 procs=$2 ready=$3
  shift 3
  : >"$err"
  local t0 t1
  t0=$(date +%s%N)
  # The exec chain keeps one PID from here to the capturer, which joins the cgroup first.
  sh -c 'echo $$ > "$0"; exec taskset -c 1 "$@"' "$procs" "$@" >"$err" 2>&1 &
  pid=$!
  until grep -q "$ready" "$err"; do
    kill -0 "$pid" 2>/dev/null || { echo "capture-compare: '$*' ended early:" >&2; cat "$err" >&2; exit 1; }
    sleep 0.002
  done
  t1=$(date +%s%N)
  launch_ms=$(((t1 - t0) / 1000000))
}

# run NAME QUOTA READY-PATTERN FILE COMMAND...: one capture of one flood; prints a result row.
run() {
  local name=$1 quota=$2 ready=$3 file=$4
  shift 4
  local err="$work/$name.err" procs=/dev/null
  if [ "$quota" = yes ]; then
    make_cgroup
    procs="$cgroup/cgroup.procs"
  fi
  local starts=()
  for _ in 1 2 3 4 5; do
    launch "$err" "$procs" "$ready" "$@"
    starts+=("$launch_ms")
    kill -TERM "$pid"
    wait "$pid" || true
    rm -f "$file"
  done
  local ready_median
  ready_median=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 3p)
  launch "$err" "$procs" "$ready" "$@"
  sleep 1
  local rx0 cpu0 rx1 cpu1 hwm size last
  local rx_start
  rx_start=$(rx_packets)
  flood "$warmup"
  drained "$file"
  rx0=$(rx_packets)
  cpu0=$(cpu_ns "$pid")
  flood "$packets"
  drained "$file"
  rx1=$(rx_packets)
  cpu1=$(cpu_ns "$pid")
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  local total
  total=$(cpu_ticks "$pid")
  kill -TERM "$pid"
  wait "$pid" || true
  if [ "$quota" = yes ]; then
    rmdir "$cgroup"
    cgroup=""
  fi
  local received=$((rx1 - rx0)) in_file
  in_file=$(capinfos -c -M "$file" | awk '/Number of packets/ {print $NF}')
  # Missing counts both floods: every frame the veth received must be in the file.
  local dropped=$((rx1 - rx_start - in_file))
  awk -v n="$name" -v q="$quota" -v r="$received" -v all=$((rx1 - rx_start)) -v d="$dropped" \
    -v cpu=$((cpu1 - cpu0)) -v total="$total" -v hz="$ticks_per_second" -v rss="$hwm" \
    -v ms="$ready_median ($launch_ms)" -v ring=$((ring_mib * 1024)) 'BEGIN {
      cps = (cpu / 1e9) / (r / 1e6);
      printf "%-12s %-5s %10d %8d %7.3f%% %11.4f %9.2f %8.1f %9.1f %12s\n",
        n, q, r, d, (all > 0 ? 100 * d / all : 0), cps, total / hz, rss / 1024, (rss - ring) / 1024, ms }'
  rm -f "$file"
}

kcap_cmd() { echo "$root/kcap" capture -i "$veth_cap" --netns "$ns_cap" --ring-size ${ring_mib}M -w "$1"; }

echo "capture-compare: $warmup + $packets 60-byte frames per run, ring ${ring_mib} MiB, flood on CPU 0, capture on CPU 1"
echo "kernel $(uname -r), $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
printf "%-12s %-5s %10s %8s %8s %11s %9s %8s %9s %12s\n" \
  tool quota received missing missing% "CPU-s/Mpkt" "proc CPU" "RSS MiB" "RSS-ring" "ready ms"
for quota in no yes; do
  run tcpdump "$quota" "listening on" "$work/tcpdump.pcap" \
    ip netns exec "$ns_cap" tcpdump -i "$veth_cap" -B $((ring_mib * 1024)) -n -w "$work/tcpdump.pcap"
  run netsniff-ng "$quota" "Running!" "$work/netsniff.pcap" \
    ip netns exec "$ns_cap" netsniff-ng --in "$veth_cap" --out "$work/netsniff.pcap" \
    --ring-size ${ring_mib}MiB --silent -A
  # shellcheck disable=SC2046
  run kcap "$quota" "capturing on" "$work/kcap.pcap" $(kcap_cmd "$work/kcap.pcap")
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
