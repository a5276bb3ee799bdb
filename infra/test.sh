#!/usr/bin/env bash
# Run every test against a throwaway PostgreSQL cluster that is removed afterwards.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TMP=$(mktemp -d -t workspaces-pg.XXXXXX)
DATA="$TMP/data"
DATA2="$TMP/data2"
cleanup() {
  "$ROOT/infra/postgres.sh" stop "$DATA" >/dev/null 2>&1 || true
  "$ROOT/infra/postgres.sh" stop "$DATA2" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # route signals through the EXIT trap so the server is always stopped

# mktemp makes a 0700 root dir; the postgres user has to be able to enter it.
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$TMP"
  # The postgres user may only appear once postgres.sh installs PostgreSQL (which chowns the data dir itself).
  if id postgres >/dev/null 2>&1; then chown postgres:postgres "$TMP"; fi
fi

# Durability is pointless for a throwaway cluster; PG_FAST trades it for speed.
export ConnectionStrings__Workspaces
ConnectionStrings__Workspaces=$(PG_FAST=1 "$ROOT/infra/postgres.sh" start "$DATA")
# A second cluster, for the tests of workspaces placed on several database servers (Database:Servers). They stop and
# restart it (infra/postgres.sh stop|start on its data directory) to show that a server down stops only its workspaces.
export WORKSPACES_TEST_SERVER2 WORKSPACES_TEST_SERVER2_DATA="$DATA2" WORKSPACES_TEST_POSTGRES_SH="$ROOT/infra/postgres.sh"
# Away from the ports other clusters start scanning at (55432 up): the tests stop it and start it again on the same
# port, which another cluster starting meanwhile must not take.
WORKSPACES_TEST_SERVER2=$(PG_FAST=1 "$ROOT/infra/postgres.sh" start "$DATA2" $((40000 + RANDOM % 15000)))

# The OpenAPI tests run outside tools pinned in tests/contract (lint, a generated client). Without npm they fail and say so.
if command -v npm >/dev/null 2>&1; then
  npm ci --prefix "$ROOT/tests/contract" --no-audit --no-fund --loglevel=error >&2 || echo "npm ci failed in tests/contract: the OpenAPI tool tests will fail" >&2
else
  echo "npm not found: the OpenAPI tool tests will fail (they need node 20 and npm)" >&2
fi

# The metrics test runs Prometheus's promtool on a scrape (Debian package prometheus); without it that test fails.
if ! command -v promtool >/dev/null 2>&1; then
  echo "installing promtool via apt-get (package prometheus)" >&2
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; }; } >&2 \
    || echo "apt-get install prometheus failed: the metrics test will fail" >&2
fi

status=0
# LogFilePrefix, not LogFileName: with a fixed name every test project writes the same file and only the last survives.
dotnet test "$ROOT/Workspaces.sln" --logger "trx;LogFilePrefix=results" \
  --results-directory "${TEST_RESULTS_DIR:-$ROOT/TestResults}" "$@" || status=$?
# The SQL Server pass of the integration suite, when a SQL Server is given (infra/test-sqlserver.sh starts one with
# Docker). Without it, SqlServerLiveTierTests reports that pass as skipped.
if [ -n "${WORKSPACES_TEST_SQLSERVER:-}" ]; then
  WORKSPACES_TEST_PROVIDER=SqlServer dotnet test "$ROOT/tests/Workspaces.Api.Tests" --logger "trx;LogFilePrefix=results-sqlserver" \
    --results-directory "${TEST_RESULTS_DIR:-$ROOT/TestResults}" "$@" || status=$?
fi
exit "$status"
