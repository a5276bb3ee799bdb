#!/usr/bin/env bash
# Onboards workspaces through the API, for infra/bench/run.sh (run several of these at once with xargs -P).
# Usage: BASE_URL=... ADMIN_TOKEN=... OUT=file ERR=file [ONBOARD_SERVERS="default db2"] onboard.sh ID...
# For each id: POST /v1/admin/workspaces (timed with curl's time_total), then POST .../tokens. With ONBOARD_SERVERS,
# each workspace is placed on one of those database servers, round-robin by the number its id ends with.
# Appends "id<TAB>token<TAB>create_seconds" to OUT; failures (status and body) go to ERR.
set -uo pipefail
: "${BASE_URL:?}" "${ADMIN_TOKEN:?}" "${OUT:?}" "${ERR:?}"

post() { # path json -> body, then a last line "status time_total"
  curl -sS --max-time 120 -X POST "$BASE_URL$1" -H "Authorization: Bearer $ADMIN_TOKEN" \
       -H 'Content-Type: application/json' --data "$2" -w '\n%{http_code} %{time_total}'
}

read -r -a servers <<<"${ONBOARD_SERVERS:-}"
for id in "$@"; do
  server=""
  if [ "${#servers[@]}" -gt 0 ]; then
    n=$((10#${id##*-}))
    server=",\"server\":\"${servers[$((n % ${#servers[@]}))]}\""
  fi
  resp=$(post /v1/admin/workspaces "{\"id\":\"$id\",\"name\":\"Bench $id\"$server}" 2>&1)
  meta=${resp##*$'\n'} body=${resp%$'\n'*}
  code=${meta%% *} secs=${meta#* }
  if [ "$code" != 201 ]; then
    printf '%s\tPOST /v1/admin/workspaces\t%s\t%s\n' "$id" "$code" "${body:0:2000}" >> "$ERR"
    continue
  fi
  resp=$(post "/v1/admin/workspaces/$id/tokens" '{"name":"bench","scopes":["people:write","people:read"]}' 2>&1)
  meta=${resp##*$'\n'} body=${resp%$'\n'*}
  code=${meta%% *}
  token=$(printf '%s' "$body" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  if [ "$code" != 201 ] || [ -z "$token" ]; then
    printf '%s\tPOST /v1/admin/workspaces/%s/tokens\t%s\t%s\n' "$id" "$id" "$code" "${body:0:2000}" >> "$ERR"
    continue
  fi
  printf '%s\t%s\t%s\n' "$id" "$token" "$secs" >> "$OUT"
done
