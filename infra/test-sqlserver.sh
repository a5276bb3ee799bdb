#!/usr/bin/env bash
# Run every test against PostgreSQL and the integration suite a second time against SQL Server 2022, both in
# throwaway Docker containers (infra/compose.yaml), which are removed afterwards. Needs Docker with compose.
# Extra arguments go to `dotnet test`, as with infra/test.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COMPOSE=(docker compose -f "$ROOT/infra/compose.yaml")
export WORKSPACES_SQLSERVER_PORT=${WORKSPACES_SQLSERVER_PORT:-14333} WORKSPACES_POSTGRES_PORT=${WORKSPACES_POSTGRES_PORT:-55433}

cleanup() { "${COMPOSE[@]}" down --volumes >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

"${COMPOSE[@]}" up --detach --wait

# EF's migrations create the test database on SQL Server if it is missing.
export ConnectionStrings__Workspaces="Host=127.0.0.1;Port=$WORKSPACES_POSTGRES_PORT;Username=postgres;Password=workspaces-test;Database=workspaces_test"
export WORKSPACES_TEST_SQLSERVER="Server=127.0.0.1,$WORKSPACES_SQLSERVER_PORT;Database=workspaces_test;User ID=sa;Password=Workspaces-Test-1;Trust Server Certificate=true"

status=0
dotnet test "$ROOT/Workspaces.sln" --logger "trx;LogFilePrefix=results" \
  --results-directory "${TEST_RESULTS_DIR:-$ROOT/TestResults}" "$@" || status=$?
WORKSPACES_TEST_PROVIDER=SqlServer dotnet test "$ROOT/tests/Workspaces.Api.Tests" --logger "trx;LogFilePrefix=results-sqlserver" \
  --results-directory "${TEST_RESULTS_DIR:-$ROOT/TestResults}" "$@" || status=$?
exit "$status"
