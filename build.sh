#!/usr/bin/env bash
# nicdoctor build entry point. Usage: ./build.sh {test|build|publish|format|bench} [args]
#   test      install missing system packages, build with warnings as errors, run every test
#   build     build the solution (warnings are errors)
#   publish   Native AOT single executable at artifacts/bin/nicdoctor
#   format    dotnet format (add --verify to only check)
#   bench     run the benchmark scripts in bench/ (see docs/performance.md)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

apt_install_missing() {
  local wanted=() missing=() p
  mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e 's/[[:space:]]//g' .ci/apt-packages.txt)
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "build.sh: installing missing packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

cmd_build() { dotnet build NicDoctor.slnx -warnaserror -nologo -clp:ErrorsOnly "$@"; }

cmd_test() {
  apt_install_missing
  cmd_build
  local log; log=$(mktemp)
  set +e
  dotnet test --solution NicDoctor.slnx --no-build "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  # One plain closing line that any CI can count: "Tests: N passed, N failed, N skipped".
  local total failed passed skipped
  total=$(sed -n 's/^  total: \([0-9]*\)$/\1/p' "$log" | tail -1)
  failed=$(sed -n 's/^  failed: \([0-9]*\)$/\1/p' "$log" | tail -1)
  passed=$(sed -n 's/^  succeeded: \([0-9]*\)$/\1/p' "$log" | tail -1)
  skipped=$(sed -n 's/^  skipped: \([0-9]*\)$/\1/p' "$log" | tail -1)
  rm -f "$log"
  echo "Tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
  if [ -z "$total" ] || [ "${total:-0}" -eq 0 ]; then echo "build.sh: no tests ran" >&2; return 1; fi
  return "$rc"
}

cmd_publish() {
  dotnet publish src/NicDoctor.Cli -c Release -r linux-x64 -o artifacts/publish -warnaserror -nologo -clp:ErrorsOnly "$@"
  mkdir -p artifacts/bin
  install -m 0755 artifacts/publish/nicdoctor artifacts/bin/nicdoctor
  # ScottPlot's renderer (SkiaSharp) is native: diagnose --report draws charts only with these beside the binary.
  local lib
  for lib in artifacts/publish/*.so; do [ -e "$lib" ] && install -m 0644 "$lib" artifacts/bin/; done
  echo "published: artifacts/bin/nicdoctor ($(stat -c %s artifacts/bin/nicdoctor) bytes)"
}

cmd_format() {
  if [ "${1:-}" = "--verify" ]; then dotnet format NicDoctor.slnx --verify-no-changes; else dotnet format NicDoctor.slnx; fi
}

cmd_bench() {
  local s
  for s in bench/*.sh; do [ -e "$s" ] && bash "$s" "$@"; done
}

case "${1:-}" in
  test|build|publish|format|bench) c=$1; shift; "cmd_$c" "$@" ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
