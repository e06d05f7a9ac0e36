#!/usr/bin/env bash
# Throughput of `nicdoctor log` on a generated ~1 GB mixed kernel log vs `grep -c` with the same
# trigger substrings (nicdoctor's prefilter list). Peak RSS from /usr/bin/time -v.
# Usage: bench/log.sh [SIZE_MB]   (default 1024). Needs ./build.sh publish first. Unattended:
#   NICDOCTOR=/path/to/nicdoctor bench/log.sh          # another build
#   BASELINE=/path/to/older/nicdoctor bench/log.sh     # also run an older build and cmp the JSON
# Prints wall time and CPU time (user+sys), the load average before and after, and the ratio of
# nicdoctor's throughput to grep -cE's (goal of issue #6: >= 0.5 on wall time, both tools alone on
# the machine; nicdoctor uses up to three threads, grep one). On a shared machine the CPU-time
# ratio is the steadier number.
# The log is made of real lines: the QEMU boot log and the real-report fixtures under
# tests/NicDoctor.KernelLog.Tests/Fixtures/real, re-stamped with increasing times and written
# in three framings (dmesg raw, BSD syslog, ISO syslog). Cached in /var/tmp/nicdoctor-bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
bin=${NICDOCTOR:-artifacts/bin/nicdoctor}
[ -x "$bin" ] || { echo "bench/log.sh: $bin missing; run ./build.sh publish" >&2; exit 2; }
dir=/var/tmp/nicdoctor-bench
mkdir -p "$dir"
log="$dir/kernel-mixed-${size_mb}M.log"
fixtures=tests/NicDoctor.KernelLog.Tests/Fixtures

if [ ! -s "$log" ]; then
  echo "generating $log ..." >&2
  # Message texts: framing stripped (dmesg [..], syslog "host kernel:", logread), in file order.
  texts="$dir/texts.txt"
  {
    for _ in 1 2 3; do cat "$fixtures/benign/qemu-debian12-6.1-boot.console"; done
    cat samples/i40e-queue44/dmesg_-T "$fixtures"/real/*.dmesg "$fixtures"/real/*.log
  } | sed -E -e 's/^\[[^]]*\] ?//' \
             -e 's/^[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8}(\.[0-9]+)? [^ ]+ kernel: ?//' \
             -e 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4} [a-z]+\.[a-z]+ kernel: //' \
             -e 's/^[0-9-]{10}[T ][0-9:]{8}[^ ]* [^ ]+ kernel: ?//' \
             -e 's/^\[[^]]*\] ?//' \
    | tr -d '\r' | LC_ALL=C grep -av $'\x1b' > "$texts"
  awk -v limit=$((size_mb * 1024 * 1024)) '
    { t[n++] = $0 }
    END {
      split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ")
      bytes = 0; s = 0.0; i = 0
      while (bytes < limit) {
        s += 0.000731
        line = t[i % n]; i++
        style = int(i / 5000) % 3
        if (style == 0)      out = sprintf("[%12.6f] %s", s, line)
        else if (style == 1) out = sprintf("%s %2d %02d:%02d:%02d node7 kernel: [%12.6f] %s", mon[1 + int(s / 2592000) % 12], 1 + int(s / 86400) % 28, int(s / 3600) % 24, int(s / 60) % 60, int(s) % 60, s, line)
        else                 out = sprintf("2024-%02d-%02dT%02d:%02d:%02d.%06d+00:00 node7 kernel: %s", 1 + int(s / 2592000) % 12, 1 + int(s / 86400) % 28, int(s / 3600) % 24, int(s / 60) % 60, int(s) % 60, int((s - int(s)) * 1000000), line)
        print out
        bytes += length(out) + 1
      }
    }' "$texts" > "$log"
fi

triggers="$dir/triggers.txt"
"$bin" log --print-triggers > "$triggers"
# The same substrings as an ERE alternation (metacharacters escaped).
# shellcheck disable=SC2016  # the sed program is literal
ere=$(sed -e 's/[][\.|$(){}?+*^]/\\&/g' "$triggers" | paste -sd'|')
bytes=$(stat -c %s "$log")
echo "input: $log ($bytes bytes, $(wc -l < "$log") lines), $(wc -l < "$triggers") trigger substrings"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs; binary: $bin"
cat "$log" > /dev/null  # warm the page cache for every contender
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$dir/times.txt"

run() { # name, command...
  local name=$1; shift
  local t0 t1 out rss
  t0=$(date +%s.%N)
  out=$( { /usr/bin/time -v "$@" > "$dir/out.$name" ; } 2>&1 )
  t1=$(date +%s.%N)
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' <<< "$out")
  user=$(sed -n 's/.*User time (seconds): //p' <<< "$out")
  sys=$(sed -n 's/.*System time (seconds): //p' <<< "$out")
  awk -v n="$name" -v a="$t0" -v b="$t1" -v by="$bytes" -v r="$rss" -v u="$user" -v k="$sys" \
    'BEGIN { s = b - a; c = u + k; printf "%-16s %7.2f s wall %7.1f MB/s  cpu %6.2f s (user %.2f + sys %.2f) %7.1f MB/s  peak RSS %6.1f MB\n", n, s, by / s / 1048576, c, u, k, by / c / 1048576, r / 1024 }'
  awk -v n="$name" -v a="$t0" -v b="$t1" -v u="$user" -v k="$sys" 'BEGIN { print n, b - a, u + k }' >> "$dir/times.txt"
}
run grep-cE env LC_ALL=C grep -cE "$ere" "$log"
run grep-cF env LC_ALL=C grep -cF -f "$triggers" "$log"
run nicdoctor-json "$bin" log --json "$log"
if [ -n "${BASELINE:-}" ]; then
  run baseline-json "$BASELINE" log --json "$log"
  if cmp -s "$dir/out.nicdoctor-json" "$dir/out.baseline-json"; then echo "JSON output identical to BASELINE's"; else echo "JSON output DIFFERS from BASELINE's" >&2; fi
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "grep matching lines: $(cat "$dir/out.grep-cE"); nicdoctor events: $(grep -c '"kind"' "$dir/out.nicdoctor-json")"
awk '{ w[$1] = $2; c[$1] = $3 } END {
  r = w["grep-cE"] / w["nicdoctor-json"]
  printf "nicdoctor / grep -cE throughput: %.2fx by wall time, %.2fx by CPU time (goal >= 0.5x by wall: %s)\n",
    r, c["grep-cE"] / c["nicdoctor-json"], (r >= 0.5 ? "met" : "NOT met") }' "$dir/times.txt"
