#!/bin/bash
# Fuzzes one engine with afl++ and SharpFuzz for MINUTES, then saves the minimised queue to
# fuzz/corpus/TARGET/ (what CI replays) and any crash/hang to fuzz/findings/TARGET/.
#   fuzz/run.sh TARGET MINUTES        TARGET: initramfs | module | kernellog | nictext
# Needs: afl++ (Debian package), the dotnet tool SharpFuzz.CommandLine 2.3.0 (installed on first
# use into $FUZZ_HOME/tools, outside the repo). Runs under nice -n 19 on one core.
set -euo pipefail
target=${1:?usage: fuzz/run.sh TARGET MINUTES}
minutes=${2:?usage: fuzz/run.sh TARGET MINUTES}
here=$(cd "$(dirname "$0")" && pwd)
home=${FUZZ_HOME:-/var/tmp/nicdoctor-fuzz}
bin="$home/$target/bin"
out="$home/$target/afl"
mkdir -p "$home/tools" "$home/$target"

command -v afl-fuzz >/dev/null || { echo "afl-fuzz missing: apt-get install afl++" >&2; exit 2; }
[ -x "$home/tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$home/tools"

# One Release build shared by all targets (FUZZ_REBUILD=1 to refresh it); each target gets a
# copy because instrumentation rewrites the engine dll in place.
build="$home/build"
if [ ! -f "$build/NicDoctor.Fuzz.dll" ] || [ "${FUZZ_REBUILD:-0}" = 1 ]; then
    rm -rf "$build"
    nice -n 19 dotnet build "$here/NicDoctor.Fuzz" -c Release -o "$build" -nologo -v q
fi
rm -rf "$bin" && cp -r "$build" "$bin"
case $target in
    initramfs) dll=NicDoctor.Initramfs.dll ;;
    module) dll=NicDoctor.KernelModules.dll ;;
    kernellog) dll=NicDoctor.KernelLog.dll ;;
    nictext) dll=NicDoctor.Nic.dll ;;
    *) echo "unknown target '$target'" >&2; exit 2 ;;
esac
"$home/tools/sharpfuzz" "$bin/$dll"

# Seeds plus everything saved by earlier runs.
seeds="$home/$target/seeds"
rm -rf "$seeds" && mkdir -p "$seeds"
cp "$here/seeds/$target/"* "$seeds/"
if [ -d "$here/corpus/$target" ]; then cp "$here/corpus/$target/"* "$seeds/" 2>/dev/null || true; fi

rm -rf "$out"
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 \
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000
start=$(date +%s)
nice -n 19 afl-fuzz -i "$seeds" -o "$out" -t 5000 -m none -V $((minutes * 60)) \
    -- dotnet "$bin/NicDoctor.Fuzz.dll" "$target" >"$home/$target/afl.log" 2>&1 || true
echo "fuzzed $(( ($(date +%s) - start) / 60 )) min; stats:"
grep -E '^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg|run_time)' "$out/default/fuzzer_stats" || tail -20 "$home/$target/afl.log"

# Keep the smallest inputs that cover the same edges; only files under 16 KiB go into the repo.
min="$home/$target/cmin"
rm -rf "$min"
nice -n 19 afl-cmin -i "$out/default/queue" -o "$min" -t 5000 -m none -- dotnet "$bin/NicDoctor.Fuzz.dll" "$target" >/dev/null 2>&1 || cp -r "$out/default/queue" "$min"
mkdir -p "$here/corpus/$target"
find "$min" -maxdepth 1 -type f -size -16k -exec sh -c 'for f; do cp "$f" "$0/$(sha1sum "$f" | cut -c1-16)"; done' "$here/corpus/$target" {} +
echo "corpus: $(find "$here/corpus/$target" -type f | wc -l) files in fuzz/corpus/$target"

for kind in crashes hangs; do
    found=$(find "$out/default/$kind" -type f -name 'id:*' 2>/dev/null | wc -l)
    if [ "$found" -gt 0 ]; then
        mkdir -p "$here/findings/$target"
        for f in "$out/default/$kind"/id:*; do cp "$f" "$here/findings/$target/$kind-$(sha1sum "$f" | cut -c1-16)"; done
        echo "$found $kind saved to fuzz/findings/$target"
    fi
done
