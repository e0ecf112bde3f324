#!/usr/bin/env bash
# Runs every Envigil test: unit, integration on SQLite and on a real PostgreSQL + PostGIS, process-level start-up
# checks, and browser tests (Playwright .NET driving Debian's Chromium). It installs and starts what the tests need
# (Debian packages; a private PostgreSQL cluster, mosquitto and vsftpd on free loopback ports) and stops it again
# afterwards.
#
#   ./test.sh                  everything
#   ./test.sh --filter Geo     only tests whose name matches (passed to dotnet test --filter)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

filter=()
if [[ "${1:-}" == "--filter" && -n "${2:-}" ]]; then
  filter=(--filter "$2")
fi

# shellcheck source=scripts/test-services.sh
source scripts/test-services.sh
trap envigil_stop_test_services EXIT
envigil_start_test_services

export ENVIGIL_TEST_CHROMIUM=/usr/bin/chromium
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$root/TestResults"
rm -rf "$results"

echo "== build"
dotnet build Envigil.slnx -c Release -nologo -v quiet -clp:ErrorsOnly

echo "== test"
status=0
dotnet test Envigil.slnx -c Release --no-build -nologo -v quiet \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "${filter[@]}" || status=$?

# One closing line for people and CI: totals over every test project.
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")) + int(c.get("aborted"))
    skipped += int(c.get("notExecuted")) + int(c.get("inconclusive"))
print(f"Totals: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
