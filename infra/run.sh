#!/usr/bin/env bash
# Run the API against a local PostgreSQL cluster kept in <repo>/.data/postgres (git-ignored).
# The cluster outlives the API so data survives restarts; stop it with: infra/postgres.sh stop .data/postgres
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CS=$("$ROOT/infra/postgres.sh" start "$ROOT/.data/postgres")

export ConnectionStrings__Workspaces="$CS"
export ASPNETCORE_ENVIRONMENT=Development
echo "Database: $CS" >&2
echo "To point the CLI at the same database: export ConnectionStrings__Workspaces='$CS'" >&2

exec dotnet run --project "$ROOT/src/Workspaces.Api" --no-launch-profile --urls "${URLS:-http://127.0.0.1:5080}" "$@"
