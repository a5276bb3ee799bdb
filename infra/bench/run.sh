#!/usr/bin/env bash
# Benchmark of the People API against raw PostgreSQL, in one command:  infra/bench/run.sh
#
# Starts a private PostgreSQL (infra/postgres.sh, normal durability, data in a temp dir), publishes the API and
# the CLI in Release from a snapshot of the work tree, starts the API on a free loopback port, then measures:
#   1. raw single-row upsert with pgbench                 (tps)
#   2. POST .../people/upsert with wrk                    (req/s, p50, p99, non-2xx, ratio to 1)
#   3. raw 100-row upsert vs POST .../people/batch (100)  (rows/s, ratio)
#   4. single upserts spread over 1, 100, 1,000, 10,000 workspaces (ratio, API RSS, PostgreSQL backend memory,
#      onboarding time per workspace)
#   5. single upserts with telemetry on vs off (a second API process, Telemetry__Enabled=false), alternately
#   6. single upserts with one company vs plain single upserts, alternately; a batch of 100 people each with one
#      company vs a plain batch (ratios within the run)
#   7. single upserts over workspaces spread on two database servers (a second local PostgreSQL cluster,
#      Database:Servers:db2) vs the same number of workspaces on one, through one API process, alternately
#   8. with BENCH_COMPARE_REV: sections 1-3 for this API and for the API built from that git revision (a second
#      process on the same database), raw / this / that in turn, so both face the same raw baseline and the same drift
# and prints the results as Markdown on stdout (progress goes to stderr); a copy goes to $BENCH_REPORT.
# Exit status: 0, or 2 when any request answered non-2xx / failed / timed out (the report shows samples).
# Everything it starts is stopped, and everything it writes (outside $BENCH_REPORT) removed, on exit.
# Knobs: the "configuration" block below; see infra/bench/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH=$ROOT/infra/bench

# ---- configuration -------------------------------------------------------------------------------------------
BENCH_SECONDS=${BENCH_SECONDS:-15}                   # length of every measured run
BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-5}      # warm-up (on other keys) before every measured run; 0 = none
# Once, after start-up (JIT, pools, caches): 2/3 single upserts then 1/3 batches, in slices of <= 10 s, on the main
# workspace's new, empty table. The report prints each slice's req/s and seq-scanned rows per request.
BENCH_API_WARMUP_SECONDS=${BENCH_API_WARMUP_SECONDS:-60}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-"8 16"}       # connection counts for sections 1-3
BENCH_WS_CONNECTIONS=${BENCH_WS_CONNECTIONS:-8}      # connection count for section 4
# Section 4 warms up longer: with thousands of workspaces each PostgreSQL backend first touches the schemas of its
# partition (about 2-3 minutes at 10,000 here), and a short run would measure mostly that. auto = 30 s + 15 s per
# 1,000 workspaces (180 s at 10,000); the report prints each step's warm-up curve.
BENCH_WS_WARMUP_SECONDS=${BENCH_WS_WARMUP_SECONDS:-auto}
BENCH_MAX_WORKSPACES=${BENCH_MAX_WORKSPACES:-10000}
BENCH_WS_STEPS=${BENCH_WS_STEPS:-"1 100 1000 10000"} # capped at BENCH_MAX_WORKSPACES (added as the last step)
BENCH_KEYS=${BENCH_KEYS:-100000}                     # key range of a run (section 4: split over the workspaces)
BENCH_BATCH_KEYS=${BENCH_BATCH_KEYS:-$((BENCH_KEYS * 10))} # key range of a section-3 run (100 rows a statement)
BENCH_SEED=${BENCH_SEED:-1}                          # 1: half of a run's keys exist before it starts
BENCH_BATCH_SIZE=${BENCH_BATCH_SIZE:-100}
BENCH_ONBOARD_PARALLEL=${BENCH_ONBOARD_PARALLEL:-4}
BENCH_OVERHEAD_ROUNDS=${BENCH_OVERHEAD_ROUNDS:-2}     # section 5: on/off pairs
BENCH_COMPANY_ROUNDS=${BENCH_COMPANY_ROUNDS:-2}       # section 6: plain/with-company pairs
BENCH_COMPANY_POOL=${BENCH_COMPANY_POOL:-1000}       # section 6: companies the people join (one each)
BENCH_SERVERS_WORKSPACES=${BENCH_SERVERS_WORKSPACES:-100} # section 7: workspaces per arm (capped at BENCH_MAX_WORKSPACES)
BENCH_SERVERS_ROUNDS=${BENCH_SERVERS_ROUNDS:-2}       # section 7: one-server/two-server pairs
BENCH_TELEMETRY=${BENCH_TELEMETRY:-on}                # on | off (Telemetry__Enabled=false for every API process but section 5's)
BENCH_COMPARE_REV=${BENCH_COMPARE_REV:-}              # section 8: the git revision whose API is measured beside this one
BENCH_COMPARE_ROUNDS=${BENCH_COMPARE_ROUNDS:-2}       # section 8: raw/this/that triples per load and connection count
BENCH_SECTIONS=${BENCH_SECTIONS:-"1 3 4 5 6 7"}       # sections to run (1 is sections 1 and 2; 8 needs BENCH_COMPARE_REV)
BENCH_THREADS=${BENCH_THREADS:-2}                    # wrk -t and pgbench -j
BENCH_SOURCE=${BENCH_SOURCE:-worktree}               # worktree (tracked + untracked, not ignored) | head | a git revision
BENCH_REPORT=${BENCH_REPORT:-/tmp/people-api-bench-$(date +%Y%m%d-%H%M%S).md}
# The per-token rate limit (default 1000/s) would answer 429 to a benchmark on one token. It stays on (its cost
# is part of the measurement) but is raised out of the way unless BENCH_RATE_LIMIT says otherwise.
BENCH_RATE_LIMIT=${BENCH_RATE_LIMIT:-1000000}

COMMAND_LINE="BENCH_SECONDS=$BENCH_SECONDS BENCH_WARMUP_SECONDS=$BENCH_WARMUP_SECONDS BENCH_API_WARMUP_SECONDS=$BENCH_API_WARMUP_SECONDS BENCH_CONNECTIONS=\"$BENCH_CONNECTIONS\" BENCH_WS_CONNECTIONS=$BENCH_WS_CONNECTIONS BENCH_WS_WARMUP_SECONDS=$BENCH_WS_WARMUP_SECONDS BENCH_MAX_WORKSPACES=$BENCH_MAX_WORKSPACES BENCH_WS_STEPS=\"$BENCH_WS_STEPS\" BENCH_KEYS=$BENCH_KEYS BENCH_BATCH_KEYS=$BENCH_BATCH_KEYS BENCH_SEED=$BENCH_SEED BENCH_BATCH_SIZE=$BENCH_BATCH_SIZE BENCH_ONBOARD_PARALLEL=$BENCH_ONBOARD_PARALLEL BENCH_THREADS=$BENCH_THREADS BENCH_COMPANY_ROUNDS=$BENCH_COMPANY_ROUNDS BENCH_COMPANY_POOL=$BENCH_COMPANY_POOL BENCH_SERVERS_WORKSPACES=$BENCH_SERVERS_WORKSPACES BENCH_SERVERS_ROUNDS=$BENCH_SERVERS_ROUNDS BENCH_TELEMETRY=$BENCH_TELEMETRY BENCH_COMPARE_REV=$BENCH_COMPARE_REV BENCH_COMPARE_ROUNDS=$BENCH_COMPARE_ROUNDS BENCH_SECTIONS=\"$BENCH_SECTIONS\" BENCH_SOURCE=$BENCH_SOURCE BENCH_RATE_LIMIT=$BENCH_RATE_LIMIT infra/bench/run.sh"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---- tools ---------------------------------------------------------------------------------------------------
need_apt() { # binary package
  command -v "$1" >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "$1 is missing; install the Debian package '$2'"
  log "installing $2 from Debian"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -qq "$2" || { apt-get update -qq && apt-get install -y -qq "$2"; }; } >&2 || die "apt-get install $2 failed"
}
need_apt wrk wrk
need_apt curl curl
command -v dotnet >/dev/null || die "dotnet (the .NET 10 SDK) is not on PATH"
PGBENCH=$(command -v pgbench 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n1 || true)
[ -x "${PGBENCH:-}" ] || { need_apt pgbench postgresql-contrib; PGBENCH=$(command -v pgbench); }
PSQL_BIN=$(command -v psql 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n1)
CLK_TCK=$(getconf CLK_TCK)

# ---- lifetime: the API and PostgreSQL stop, WORK and PGDATA go, at exit ---------------------------------------
WORK=$(mktemp -d /tmp/people-bench.XXXXXX)
PGDATA=$(mktemp -d /tmp/people-bench-pg.XXXXXX)     # its own dir: postgres.sh hands it to the postgres user
PGDATA2=$(mktemp -d /tmp/people-bench-pg2.XXXXXX)   # section 7's second server
API_PID="" OTHER_PIDS=()   # the main API; every other API process (sections 5, 7, 8)
ANY_FAILURE=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid
  for pid in $API_PID "${OTHER_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping the API (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    fi
  done
  "$ROOT/infra/postgres.sh" stop "$PGDATA" >/dev/null 2>&1 || true
  "$ROOT/infra/postgres.sh" stop "$PGDATA2" >/dev/null 2>&1 || true
  rm -rf "$WORK" "$PGDATA" "$PGDATA2"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- PostgreSQL ----------------------------------------------------------------------------------------------
log "starting PostgreSQL (data: $PGDATA)"
CS=$("$ROOT/infra/postgres.sh" start "$PGDATA" 56432)
PGPORT=$(printf '%s' "$CS" | sed -n 's/.*Port=\([0-9]*\).*/\1/p')
PG=(-h 127.0.0.1 -p "$PGPORT" -U postgres)
sql() { "$PSQL_BIN" "${PG[@]}" -d workspaces -v ON_ERROR_STOP=1 -XtAq -c "$1"; }
log "PostgreSQL: $CS"

# ---- build (from a snapshot, so concurrent edits and the repo's bin/obj are left alone) -----------------------
SRC=$WORK/src OUT=$WORK/out
mkdir -p "$SRC"
if [ "$BENCH_SOURCE" = worktree ]; then
  (cd "$ROOT" && git ls-files -co --exclude-standard -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$SRC"
  dirty=$(cd "$ROOT" && GIT_OPTIONAL_LOCKS=0 git status --porcelain 2>/dev/null | wc -l)
  SOURCE_DESC="work tree at $(git -C "$ROOT" rev-parse --short HEAD) ($dirty changed/untracked paths)"
  THIS_NAME="the work tree"
else
  # head, or any revision: its code is measured with this script (so an older commit gets today's sections).
  rev=$([ "$BENCH_SOURCE" = head ] && echo HEAD || echo "$BENCH_SOURCE")
  short=$(git -C "$ROOT" rev-parse --short "$rev^{commit}") || die "unknown revision $rev"
  git -C "$ROOT" archive "$short" | tar -xf - -C "$SRC"
  SOURCE_DESC="git $rev ($short)"
  THIS_NAME=$short
fi
log "publishing API and CLI (Release) from a snapshot: $SOURCE_DESC"
for p in Api Cli; do
  # No build servers: nothing of the build stays behind to compete with the measurement.
  timeout 900 dotnet publish "$SRC/src/Workspaces.$p" -c Release -o "$OUT/$p" -nologo -v q --disable-build-servers \
    >"$WORK/build-$p.log" 2>&1 || { tail -n 40 "$WORK/build-$p.log" >&2; die "dotnet publish Workspaces.$p failed"; }
done
if [[ " $BENCH_SECTIONS " == *" 8 "* ]]; then
  [ -n "$BENCH_COMPARE_REV" ] || die "section 8 needs BENCH_COMPARE_REV (a git revision to compare with)"
  CMP_REV=$(git -C "$ROOT" rev-parse --short "$BENCH_COMPARE_REV^{commit}") || die "unknown revision $BENCH_COMPARE_REV"
  mkdir -p "$WORK/src-cmp"
  git -C "$ROOT" archive "$CMP_REV" | tar -xf - -C "$WORK/src-cmp"
  log "publishing the API at $CMP_REV (Release) for section 8"
  timeout 900 dotnet publish "$WORK/src-cmp/src/Workspaces.Api" -c Release -o "$OUT/ApiCmp" -nologo -v q --disable-build-servers \
    >"$WORK/build-cmp.log" 2>&1 || { tail -n 40 "$WORK/build-cmp.log" >&2; die "dotnet publish of Workspaces.Api at $CMP_REV failed"; }
fi

# ---- API -----------------------------------------------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_url() { local p=$((20000 + RANDOM % 20000)); while port_busy "$p"; do p=$((p + 1)); done; echo "http://127.0.0.1:$p"; }
# start_api NAME URL [VAR=value...]: an API process from $OUT/${API_DIR:-Api} on URL, with this environment plus the
# given variables, logging to $WORK/api-NAME.log; returns once it answers /health/ready -> STARTED_PID
start_api() {
  local name=$1 url=$2 i
  shift 2
  log "starting the $name API on $url"
  (cd "$OUT/${API_DIR:-Api}" && exec env "$@" dotnet Workspaces.Api.dll --urls "$url") >"$WORK/api-$name.log" 2>&1 &
  STARTED_PID=$!
  for i in $(seq 1 240); do
    kill -0 "$STARTED_PID" 2>/dev/null || { tail -n 40 "$WORK/api-$name.log" >&2; die "the $name API exited during start-up"; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/health/ready")" = 200 ] && return 0
    sleep 0.5
  done
  tail -n 40 "$WORK/api-$name.log" >&2
  die "the $name API was not ready after 120 s"
}
BASE=$(free_url)
export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
export ConnectionStrings__Workspaces="$CS"
export Logging__LogLevel__Default=Warning
export RateLimit__PermitsPerSecond=$BENCH_RATE_LIMIT RateLimit__Burst=$BENCH_RATE_LIMIT
# Admin tokens may live at most Auth:Admin:MaxLifetime (1 hour by default); a long run holds one token throughout,
# so this private instance (and the CLI that mints the token) allow a day.
export Auth__Admin__MaxLifetime=1.00:00:00
# Traces and metrics on (the default) with a metric reader attached, as in production; no span exporter. Section 5
# starts two more processes, with and without telemetry (Telemetry__Enabled=false).
export Telemetry__Prometheus__Enabled=true
case $BENCH_TELEMETRY in
  on) ;;
  off) export Telemetry__Enabled=false
       [[ " $BENCH_SECTIONS " != *" 5 "* ]] || die "section 5 compares telemetry on with off: run it with BENCH_TELEMETRY=on" ;;
  *) die "BENCH_TELEMETRY is on or off, not $BENCH_TELEMETRY" ;;
esac
start_api main "$BASE"
API_PID=$STARTED_PID
api_alive() { kill -0 "$API_PID" 2>/dev/null || { tail -n 40 "$WORK"/api-*.log >&2; die "the API process $API_PID died"; }; }

ADMIN_TOKEN=$(cd "$OUT/Cli" && timeout 120 dotnet Workspaces.Cli.dll admin-token --minutes 1440)
export ADMIN_TOKEN BASE_URL=$BASE

# ---- helpers -------------------------------------------------------------------------------------------------
fmt() { awk -v x="$1" -v d="${2:-0}" 'BEGIN{printf "%\047.*f", d, x}'; }   # thousands separators
ms() { awk -v x="$1" 'BEGIN{printf "%.1f", x}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b+0 == 0) print "-"; else printf "%.2f", a/b }'; }
pct_of() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b+0 == 0) print "-"; else printf "%.0f%%", 100*a/b }'; }
pct_ms() { # quantile file-of-seconds -> milliseconds (nearest rank)
  sort -g "$2" | awk -v q="$1" '{a[NR]=$1} END{if(NR==0){print "-";exit} i=int(q*NR+0.999999); if(i<1)i=1; if(i>NR)i=NR; printf "%.0f", a[i]*1000}'
}
schema_of() { sql "SELECT \"SchemaName\" FROM control.workspaces WHERE \"Id\" = '$1'"; }
rows() { sql "SELECT count(*) FROM \"$1\".people"; }
quiesce() { sql "CHECKPOINT" >/dev/null; }
warm() { [ "$BENCH_WARMUP_SECONDS" -gt 0 ]; }
section() { [[ " $BENCH_SECTIONS " == *" $1 "* ]]; }

# Onboards workspaces bench-<from>..bench-<to>, BENCH_ONBOARD_PARALLEL at a time; appends "id token seconds" lines
# to $WS_ALL and leaves this stage's create latencies (seconds) in $WORK/onboard-<to>.txt.
WS_ALL=$WORK/workspaces.tsv ONBOARD_ERR=$WORK/onboard-errors.tsv
: >"$WS_ALL"; : >"$ONBOARD_ERR"
onboard() { # from to
  local from=$1 to=$2 stage=$WORK/onboard-$2.tsv start end
  : >"$stage"
  start=$(date +%s.%N)
  seq -f 'bench-%05g' "$from" "$to" | OUT=$stage ERR=$ONBOARD_ERR \
    timeout 7200 xargs -P "$BENCH_ONBOARD_PARALLEL" -n 25 "$BENCH/onboard.sh" || log "onboarding: some workers failed"
  end=$(date +%s.%N)
  cut -f3 "$stage" >"$WORK/onboard-$to.txt"
  cat "$stage" >>"$WS_ALL"
  ONBOARD_WALL=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.0f", b-a}')
  ONBOARD_FAILED=$(( (to - from + 1) - $(wc -l <"$stage") ))
}

# wrk_run MODE CONNS WSFILE KEYS TAG [SECONDS] -> R_* from upsert.lua's BENCH_RESULT line
wrk_run() {
  local mode=$1 conns=$2 wsfile=$3 keys=$4 tag=$5 secs=${6:-$BENCH_SECONDS} out line kv
  api_alive
  out=$(BENCH_MODE=$mode BENCH_WS_FILE=$wsfile BENCH_KEYS=$keys BENCH_BATCH=$BENCH_BATCH_SIZE BENCH_TAG=$tag \
        BENCH_ERR_FILE=$WORK/http-errors.txt \
        timeout $((secs + 120)) wrk -t"$BENCH_THREADS" -c"$conns" -d"${secs}s" --timeout 10s --latency \
        -s "$BENCH/upsert.lua" "$BASE" 2>&1) || { printf '%s\n' "$out" >&2; die "wrk failed"; }
  printf '%s\n' "$out" >>"$WORK/wrk.log"
  line=$(printf '%s\n' "$out" | grep '^BENCH_RESULT ' | tail -n1)
  [ -n "$line" ] || { printf '%s\n' "$out" >&2; die "wrk printed no BENCH_RESULT line"; }
  for kv in ${line#BENCH_RESULT }; do printf -v "R_${kv%%=*}" '%s' "${kv#*=}"; done
  if [ $((R_non2xx + R_socket_errors + R_timeouts + R_failed_items)) -gt 0 ]; then
    ANY_FAILURE=1
    log "FAILURES in $mode/$tag: non2xx=$R_non2xx socket_errors=$R_socket_errors timeouts=$R_timeouts failed_items=$R_failed_items"
  fi
  api_alive
}

# pgbench_run SCRIPT CONNS TAG [SECONDS] -> P_tps P_lat P_tx P_failed
pgbench_run() {
  local script=$1 conns=$2 tag=$3 secs=${4:-$BENCH_SECONDS} out rc=0
  out=$(timeout $((secs + 120)) "$PGBENCH" "${PG[@]}" -n -M prepared -c "$conns" -j "$BENCH_THREADS" -T "$secs" \
        -D keys="$BENCH_KEYS" -D tag="$tag" -D stride="$RAW_STRIDE" -D nclients="$conns" -f "$script" workspaces 2>&1) || rc=$?
  printf '%s\n' "$out" >>"$WORK/pgbench.log"
  P_tps=$(printf '%s\n' "$out" | sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | tail -n1)
  P_lat=$(printf '%s\n' "$out" | sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' | tail -n1)
  P_tx=$(printf '%s\n' "$out" | sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' | tail -n1)
  P_failed=$(printf '%s\n' "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' | tail -n1)
  if [ "$rc" != 0 ] || [ -z "$P_tps" ]; then printf '%s\n' "$out" | tail -n 20 >&2; die "pgbench failed (exit $rc)"; fi
  P_failed=${P_failed:-0}
  [ "$P_failed" = 0 ] || ANY_FAILURE=1
}

# Seeds (and analyzes) half of a run's keys (those with (k / 4) % 2 = 0, so each key class of upsert.lua is half seeded) into the
# people table of every schema the query returns, as the API would have stored them: k % 4 = 0 -> email only,
# otherwise userId + email (raw rows: always both).  seed raw|api TAG KEYS_PER_SCHEMA SCHEMA_QUERY
seed() {
  [ "$BENCH_SEED" = 1 ] || return 0
  local kind=$1 tag=$2 keys=$3 query=$4 uid
  if [ "$kind" = raw ]; then uid="'$tag-' || k"; else uid="CASE WHEN k %% 4 = 0 THEN NULL ELSE '$tag-' || k END"; fi
  "$PSQL_BIN" "${PG[@]}" -d workspaces -v ON_ERROR_STOP=1 -Xq <<SQL
DO \$do\$ DECLARE s text; i int := 0; BEGIN
  FOR s IN $query LOOP
    EXECUTE format(\$f\$INSERT INTO %I.people ("Id", "UserId", "Email", "Traits", "CreatedAt", "UpdatedAt", "Version")
      SELECT 'prs_' || replace(gen_random_uuid()::text, '-', ''), $uid, '$tag-' || k || '@bench.example',
             '{"plan": "free"}', now(), now(), 0
      FROM generate_series(1, $keys) AS k WHERE (k / 4) %% 2 = 0\$f\$, s);
    -- Statistics as a table that has been in use would have; without them, plans cached while the table was small
    -- (during the warm-up) could keep scanning it sequentially until autovacuum analyzes it.
    EXECUTE format('ANALYZE %I.people', s);
    -- Commit every 100 schemas: 10,000 tables' locks in one transaction would exhaust the lock table.
    i := i + 1;
    IF i % 100 = 0 THEN COMMIT; END IF;
  END LOOP;
END \$do\$;
SQL
}

# ---- per-run diagnostics: CPU by process group, steal, PostgreSQL errors, sequential scans ---------------------
proc_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() { # the postmaster (its cutime/cstime hold the backends that already exited) + its live children
  local pm t c
  pm=$(head -n1 "$PGDATA/postmaster.pid")
  t=$(proc_ticks "$pm")
  for c in $(ps -o pid= --ppid "$pm"); do t=$((t + $(proc_ticks "$c"))); done
  echo "$t"
}
cpu_line() { awk '/^cpu /{print $2+$3+$4+$7+$8, $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }  # busy steal total
seq_rows() { sql "SELECT coalesce(sum(seq_tup_read), 0) FROM pg_stat_user_tables WHERE relname = 'people' AND schemaname LIKE 'ws\_%'"; }
measure_begin() {
  sleep 1.1   # backends report table statistics at most ~1 s late
  PG_LOG_AT=$(wc -l <"$PGDATA/server.log") SEQ_AT=$(seq_rows)
  M_api=$(proc_ticks "$API_PID") M_pg=$(pg_ticks) M_cpu=$(cpu_line)
  times >"$WORK/times0"   # CPU of this script's finished children: wrk / pgbench (not in $(...): a subshell starts at 0)
}
children_ms() { awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] } } END { printf "%.0f", t * 1000 }' "$1"; }
# measure_end NAME UNITS UNITS_PER_SECOND SOCKET_ERRORS -> a row of the diagnostics table
declare -a TD
measure_end() {
  local name=$1 units=$2 rate=$3 sock=${4:-0} api pg cpu errors seq threads load
  api=$(proc_ticks "$API_PID") pg=$(pg_ticks) cpu=$(cpu_line)
  times >"$WORK/times1"
  load=$(( $(children_ms "$WORK/times1") - $(children_ms "$WORK/times0") ))
  errors=$(tail -n +$((PG_LOG_AT + 1)) "$PGDATA/server.log" | grep -c 'ERROR:' || true)
  tail -n +$((PG_LOG_AT + 1)) "$PGDATA/server.log" | grep -m2 -A1 'ERROR:' | sed "s/^/[$name] /" >>"$WORK/pg-errors.txt" || true
  threads=$(awk '/^Threads:/{print $2}' "/proc/$API_PID/status")
  sleep 1.1
  seq=$(seq_rows)
  TD+=("$(awk -v name="$name" -v u="$units" -v rate="$rate" -v hz="$CLK_TCK" -v a0="$M_api" -v a1="$api" -v p0="$M_pg" -v p1="$pg" \
      -v c0="$M_cpu" -v c1="$cpu" -v err="$errors" -v s0="$SEQ_AT" -v s1="$seq" -v th="$threads" -v sock="$sock" -v load="$load" 'BEGIN{
    split(c0, x, " "); split(c1, y, " "); busy = y[1]-x[1]; steal = y[2]-x[2]; total = y[3]-x[3]
    api = (a1-a0) * 1000 / hz; pg = (p1-p0) * 1000 / hz; other = busy * 1000 / hz - api - pg - load
    if (u+0 == 0) u = 1; if (total+0 == 0) total = 1
    printf "| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.0f%% | %.0f%% | %d | %d | %.0f | %d |", name, rate, api/u, pg/u, load/u, other/u,
      100*busy/total, 100*steal/total, err, sock, (s1-s0)/u, th }')")
}

# PostgreSQL client backends connected now (the API's pool, idle after a run): count, sum of Pss, of private MiB.
pg_backend_mem() {
  local pids p n=0 pss=0 priv=0 v
  pids=$(sql "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
  for p in $pids; do
    [ -r "/proc/$p/smaps_rollup" ] || continue
    v=$(awk '/^Pss:/{s+=$2} /^Private_(Clean|Dirty):/{q+=$2} END{print s+0, q+0}' "/proc/$p/smaps_rollup")
    n=$((n + 1)); pss=$((pss + ${v% *})); priv=$((priv + ${v#* }))
  done
  PGM_n=$n PGM_pss=$((pss / 1024)) PGM_priv="$((priv / 1024)) ($(awk -v p="$priv" -v n="$n" 'BEGIN{ if (n) printf "%.1f", p/1024/n; else print "-" }') each)"
}
api_rss_mib() { awk '/^VmRSS:/{printf "%.0f", $2/1024}' "/proc/$API_PID/status"; }

# ---- setup: the main workspace, the raw table, the raw batch script --------------------------------------------
log "onboarding the main workspace (bench-00001)"
onboard 1 1
[ -s "$WS_ALL" ] || { cat "$ONBOARD_ERR" >&2; die "could not onboard the main workspace"; }
CREATED_WS=1
MAIN_WS=$WORK/ws-1.tsv
head -n1 "$WS_ALL" | cut -f1,2 >"$MAIN_WS"
MAIN_SCHEMA=$(schema_of bench-00001)
MAIN_Q="SELECT '$MAIN_SCHEMA'::text" RAW_Q="SELECT 'bench_raw'::text"
# The baseline table is a copy of a real workspace's people table: same columns, identity, unique indexes.
sql "CREATE SCHEMA bench_raw; CREATE TABLE bench_raw.people (LIKE \"$MAIN_SCHEMA\".people INCLUDING ALL);"
RAW_STRIDE=$((BENCH_BATCH_KEYS / BENCH_BATCH_SIZE)); [ "$RAW_STRIDE" -ge 1 ] || RAW_STRIDE=1
[ $((RAW_STRIDE % 4)) = 0 ] && RAW_STRIDE=$((RAW_STRIDE - 1))   # the same key layout as upsert.lua's batches
{
  echo "-- generated by infra/bench/run.sh: one INSERT of $BENCH_BATCH_SIZE rows with distinct, ascending keys"
  echo "-- s, s+stride, ...; each client owns the offsets s = client_id + 1 (mod nclients), see raw_upsert.sql."
  echo '\set s 1 + :client_id + :nclients * random(0, (:stride - 1) / :nclients)'
  echo '\set n random(1, 1000000000)'
  echo 'INSERT INTO bench_raw.people ("Id", "UserId", "Email", "Traits", "CreatedAt", "UpdatedAt", "Version")'
  echo "SELECT 'prs_' || replace(gen_random_uuid()::text, '-', ''), :tag::text || '-' || (:s::int + v.o),"
  echo "       :tag::text || '-' || (:s::int + v.o) || '@bench.example', jsonb_build_object('plan', 'pro', 'n', :n::int), now(), now(), 0"
  printf 'FROM (VALUES '
  for ((i = 0; i < BENCH_BATCH_SIZE; i++)); do printf '%s(%d)' "$([ $i = 0 ] || echo ', ')" $((i * RAW_STRIDE)); done
  echo ') AS v(o)'
  echo 'ON CONFLICT ("UserId") DO UPDATE'
  echo 'SET "Traits" = people."Traits" || EXCLUDED."Traits", "UpdatedAt" = now(), "Version" = people."Version" + 1;'
} >"$WORK/raw_batch.sql"

CPU=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
MEM=$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)
PGVER=$(sql "SHOW server_version")
PGCONF=$(sql "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name) FROM pg_settings
              WHERE name IN ('max_connections','shared_buffers','fsync','synchronous_commit','full_page_writes','wal_level','max_wal_size')")
declare -a T1 T3 T4
WARMUP_CURVE="" WS_WARMUP_CURVE=""
TOTAL_START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- API warm-up ---------------------------------------------------------------------------------------------
if [ "$BENCH_API_WARMUP_SECONDS" -gt 0 ]; then
  log "API warm-up: ${BENCH_API_WARMUP_SECONDS} s (single upserts, then batches, in slices of at most 10 s)"
  warm_single=$(( BENCH_API_WARMUP_SECONDS * 2 / 3 )); warm_batch=$(( BENCH_API_WARMUP_SECONDS - warm_single ))
  for kind in single batch; do
    left=$([ $kind = single ] && echo "$warm_single" || echo "$warm_batch") curve=""
    while [ "$left" -gt 0 ]; do
      slice=$(( left > 10 ? 10 : left )); left=$(( left - slice ))
      seq0=$(seq_rows)
      wrk_run $kind 8 "$MAIN_WS" "$([ $kind = single ] && echo "$BENCH_KEYS" || echo "$BENCH_BATCH_KEYS")" "warm$kind$left" "$slice"
      curve+="${curve:+, }$(fmt "$R_rps") ($(awk -v a="$seq0" -v b="$(seq_rows)" -v r="$R_requests" 'BEGIN{printf "%.0f", r ? (b-a)/r : 0}'))"
    done
    [ -z "$curve" ] || WARMUP_CURVE+="${WARMUP_CURVE:+; }$kind: $curve"
  done
  log "API warm-up req/s (seq-scanned rows per request) per slice: $WARMUP_CURVE"
fi

# Every measured run: seeding, a warm-up on other keys, CHECKPOINT, the run. Seeding comes first because its ANALYZE
# makes every backend drop its cached catalog entries and plans for the table, which the warm-up is there to build.
# raw_measure SCRIPT TAG KEYS CONNS LABEL: the measured pgbench run on the emptied raw table
# -> P_* and RAW_ADDED (rows the measured run created)
raw_measure() {
  local script=$1 tag=$2 keys=$3 c=$4 label=$5 before
  sql "TRUNCATE bench_raw.people"
  seed raw "$tag$c" "$keys" "$RAW_Q"
  if warm; then pgbench_run "$script" "$c" "w$c" "$BENCH_WARMUP_SECONDS"; fi
  quiesce
  before=$(rows bench_raw)
  measure_begin
  pgbench_run "$script" "$c" "$tag$c"
  measure_end "$label" "$P_tx" "$P_tps"
  RAW_ADDED=$(( $(rows bench_raw) - before ))
}

# api_measure MODE TAG KEYS CONNS LABEL: the same for the API on the main workspace's emptied table -> R_*
api_measure() {
  local mode=$1 tag=$2 keys=$3 c=$4 label=$5
  sql "SET client_min_messages = warning; TRUNCATE \"$MAIN_SCHEMA\".people CASCADE"
  seed api "$tag$c" "$keys" "$MAIN_Q"
  if warm; then wrk_run "$mode" "$c" "$MAIN_WS" "$keys" "w$c" "$BENCH_WARMUP_SECONDS"; fi
  quiesce
  measure_begin
  wrk_run "$mode" "$c" "$MAIN_WS" "$keys" "$tag$c"
  measure_end "$label" "$R_requests" "$R_rps" $((R_socket_errors + R_timeouts))
}

# ---- 1 + 2: single upsert ------------------------------------------------------------------------------------
section 1 && for c in $BENCH_CONNECTIONS; do
  log "raw single upsert, $c connections"
  raw_measure "$BENCH/raw_upsert.sql" m "$BENCH_KEYS" "$c" "raw single, $c conns (per tx)"
  raw_tps=$P_tps raw_lat=$P_lat raw_new=$(pct_of "$RAW_ADDED" "$P_tx")

  log "API single upsert, $c connections"
  api_measure single s "$BENCH_KEYS" "$c" "API upsert, $c conns (per request)"
  T1+=("| $c | $(fmt "$raw_tps") | $(ms "$raw_lat") | $raw_new | $(fmt "$R_rps") | $(ms "$R_p50_ms") | $(ms "$R_p99_ms") | $R_non2xx | $(pct_of "$R_created" "$R_items") | $(ratio "$R_rps" "$raw_tps") |")
done

# ---- 3: batch of BENCH_BATCH_SIZE -----------------------------------------------------------------------------
B=$BENCH_BATCH_SIZE
section 3 && for c in $BENCH_CONNECTIONS; do
  log "raw $B-row upsert, $c connections"
  raw_measure "$WORK/raw_batch.sql" b "$BENCH_BATCH_KEYS" "$c" "raw $B-row INSERT, $c conns (per statement)"
  raw_rows=$(awk -v t="$P_tps" -v b="$B" 'BEGIN{print t*b}')
  raw_new=$(pct_of "$RAW_ADDED" $((P_tx * B)))

  log "API batch of $B, $c connections"
  api_measure batch b "$BENCH_BATCH_KEYS" "$c" "API batch of $B, $c conns (per request)"
  api_rows=$(awk -v r="$R_rps" -v b="$B" 'BEGIN{print r*b}')
  T3+=("| $c | $(fmt "$raw_rows") | $raw_new | $(fmt "$api_rows") | $(fmt "$R_rps" 1) | $(ms "$R_p50_ms") | $(ms "$R_p99_ms") | $R_non2xx | $R_failed_items | $(pct_of "$R_created" "$R_items") | $(ratio "$api_rows" "$raw_rows") |")
done

# ---- 4: many workspaces --------------------------------------------------------------------------------------
if section 4; then
steps=()
for s in $BENCH_WS_STEPS; do [ "$s" -le "$BENCH_MAX_WORKSPACES" ] && steps+=("$s"); done
[ "${#steps[@]}" -gt 0 ] && [ "${steps[-1]}" = "$BENCH_MAX_WORKSPACES" ] || steps+=("$BENCH_MAX_WORKSPACES")
c=$BENCH_WS_CONNECTIONS
ONE_WS_RPS=""
for n in "${steps[@]}"; do
  if [ "$n" -gt "$CREATED_WS" ]; then
    log "onboarding workspaces $((CREATED_WS + 1))..$n ($BENCH_ONBOARD_PARALLEL at a time)"
    onboard $((CREATED_WS + 1)) "$n"
    onb="$(pct_ms 0.5 "$WORK/onboard-$n.txt") / $(pct_ms 0.99 "$WORK/onboard-$n.txt") ($((n - CREATED_WS - ONBOARD_FAILED)) in ${ONBOARD_WALL} s"
    [ "$ONBOARD_FAILED" = 0 ] || { onb+=", $ONBOARD_FAILED FAILED"; ANY_FAILURE=1; }
    onb+=")"
    CREATED_WS=$n
  else
    onb="$(pct_ms 0.5 "$WORK/onboard-1.txt") (the first one, cold API)"
  fi
  wsfile=$WORK/ws-$n.tsv
  LC_ALL=C sort "$WS_ALL" | awk -F'\t' -v n="$n" 'NR <= n {print $1 "\t" $2}' >"$wsfile"
  have=$(wc -l <"$wsfile")
  keys=$((BENCH_KEYS / have)); [ "$keys" -ge 1 ] || keys=1
  log "API single upsert over $have workspaces ($keys keys each), $c connections"
  [ "$n" = 1 ] && sql "TRUNCATE \"$MAIN_SCHEMA\".people CASCADE"
  seed api "n$n" "$keys" "SELECT \"SchemaName\" FROM control.workspaces WHERE \"Id\" LIKE 'bench-%' ORDER BY \"Id\" LIMIT $have"
  left=$BENCH_WS_WARMUP_SECONDS curve=""
  [ "$left" != auto ] || left=$(( 30 + 15 * have / 1000 ))
  while [ "$left" -gt 0 ]; do
    slice=$(( left > 30 ? 30 : left )); left=$(( left - slice ))
    wrk_run single "$c" "$wsfile" "$keys" "v$n" "$slice"
    curve+="${curve:+, }$(fmt "$R_rps")"
  done
  [ -z "$curve" ] || WS_WARMUP_CURVE+="${WS_WARMUP_CURVE:+; }$(fmt "$have"): $curve"
  quiesce
  measure_begin
  wrk_run single "$c" "$wsfile" "$keys" "n$n"
  measure_end "API upsert, $(fmt "$have") workspaces, $c conns (per request)" "$R_requests" "$R_rps" $((R_socket_errors + R_timeouts))
  rss=$(api_rss_mib); pg_backend_mem
  [ -n "$ONE_WS_RPS" ] || ONE_WS_RPS=$R_rps
  T4+=("| $(fmt "$have") | $(fmt "$R_rps") | $(ratio "$R_rps" "$ONE_WS_RPS") | $(ms "$R_p50_ms") | $(ms "$R_p99_ms") | $R_non2xx | $(pct_of "$R_created" "$R_items") | $rss | $PGM_n | $PGM_pss | $PGM_priv | $onb |")
done
fi

# ---- 5: telemetry overhead -----------------------------------------------------------------------------------
# The same single upserts against two new API processes on the same database and workspace, one as configured above
# (traces and metrics on, no exporter: the default) and one with Telemetry__Enabled=false, started and warmed up alike
# (the main API has served batches and onboarding, which would leave it in another state), then measured in turns at
# the same connection count, on before off in odd rounds and after it in even ones, so drift and order hit both arms.
declare -a T5
ON_SUM=0 OFF_SUM=0
if section 5; then
c=$BENCH_WS_CONNECTIONS
ON_BASE=$(free_url); start_api telemetry-on "$ON_BASE"; ON_PID=$STARTED_PID; OTHER_PIDS+=("$ON_PID")
OFF_BASE=$(free_url); start_api telemetry-off "$OFF_BASE" Telemetry__Enabled=false; OFF_PID=$STARTED_PID; OTHER_PIDS+=("$OFF_PID")
MAIN_BASE=$BASE MAIN_PID=$API_PID
arm() { if [ "$1" = on ]; then BASE=$ON_BASE API_PID=$ON_PID; else BASE=$OFF_BASE API_PID=$OFF_PID; fi; }
log "warming both up (${BENCH_API_WARMUP_SECONDS} s each, single upserts, in turns)"
left=$BENCH_API_WARMUP_SECONDS
while [ "$left" -gt 0 ]; do
  slice=$(( left > 10 ? 10 : left )); left=$(( left - slice ))
  for a in on off; do arm "$a"; wrk_run single "$c" "$MAIN_WS" "$BENCH_KEYS" "ow$a$left" "$slice"; done
done
for round in $(seq 1 "$BENCH_OVERHEAD_ROUNDS"); do
  order="on off"; [ $((round % 2)) = 0 ] && order="off on"
  for a in $order; do
    arm "$a"
    log "telemetry $a, round $round: single upsert, $c connections"
    quiesce
    measure_begin
    wrk_run single "$c" "$MAIN_WS" "$BENCH_KEYS" "o$a$round"
    measure_end "API upsert, telemetry $a, round $round, $c conns (per request)" "$R_requests" "$R_rps" $((R_socket_errors + R_timeouts))
    T5+=("| $round | $a | $(fmt "$R_rps") | $(ms "$R_p50_ms") | $(ms "$R_p99_ms") | $R_non2xx |")
    if [ "$a" = on ]; then ON_SUM=$(awk -v s="$ON_SUM" -v r="$R_rps" 'BEGIN{print s+r}'); else OFF_SUM=$(awk -v s="$OFF_SUM" -v r="$R_rps" 'BEGIN{print s+r}'); fi
  done
done
BASE=$MAIN_BASE API_PID=$MAIN_PID
fi
OVERHEAD_RATIO=$(ratio "$ON_SUM" "$OFF_SUM")

# ---- 6: companies on the upsert ------------------------------------------------------------------------------
# Single upserts whose people each join one of BENCH_COMPANY_POOL companies, against plain single upserts on the same
# API and workspace, alternately plain/company/plain/company so drift on a shared machine hits both; then one batch run
# of each (BENCH_BATCH_SIZE people, each with one company). Fresh keys per run, so both arms create alike.
declare -a T6
PLAIN_SUM=0 CO_SUM=0 BATCH_PLAIN_RPS="" BATCH_CO_RPS=""
if section 6; then
  c=$BENCH_WS_CONNECTIONS
  if warm; then
    log "companies: warm-up (${BENCH_WARMUP_SECONDS} s with companies, single then batch)"
    export BENCH_COMPANIES=$BENCH_COMPANY_POOL
    wrk_run single "$c" "$MAIN_WS" "$BENCH_KEYS" cw "$BENCH_WARMUP_SECONDS"
    wrk_run batch "$c" "$MAIN_WS" "$BENCH_BATCH_KEYS" cwb "$BENCH_WARMUP_SECONDS"
  fi
  for round in $(seq 1 "$BENCH_COMPANY_ROUNDS"); do
    for a in plain company; do
      export BENCH_COMPANIES=$([ "$a" = company ] && echo "$BENCH_COMPANY_POOL" || echo 0)
      log "companies round $round: single upsert, $a, $c connections"
      quiesce
      measure_begin
      wrk_run single "$c" "$MAIN_WS" "$BENCH_KEYS" "c$a$round"
      measure_end "API upsert, $a, round $round, $c conns (per request)" "$R_requests" "$R_rps" $((R_socket_errors + R_timeouts))
      T6+=("| $round | single, $a | $(fmt "$R_rps") | $(ms "$R_p50_ms") | $(ms "$R_p99_ms") | $R_non2xx | $R_failed_items | $(pct_of "$R_created" "$R_items") |")
      if [ "$a" = plain ]; then PLAIN_SUM=$(awk -v s="$PLAIN_SUM" -v r="$R_rps" 'BEGIN{print s+r}'); else CO_SUM=$(awk -v s="$CO_SUM" -v r="$R_rps" 'BEGIN{print s+r}'); fi
    done
  done
  for a in plain company; do
    export BENCH_COMPANIES=$([ "$a" = company ] && echo "$BENCH_COMPANY_POOL" || echo 0)
    log "companies: batch of $BENCH_BATCH_SIZE, $a, $c connections"
    quiesce
    measure_begin
    wrk_run batch "$c" "$MAIN_WS" "$BENCH_BATCH_KEYS" "cb$a"
    measure_end "API batch of $BENCH_BATCH_SIZE, $a, $c conns (per request)" "$R_requests" "$R_rps" $((R_socket_errors + R_timeouts))
    T6+=("| - | batch of $BENCH_BATCH_SIZE, $a | $(fmt "$R_rps" 1) ($(fmt "$(awk -v r="$R_rps" -v b="$BENCH_BATCH_SIZE" 'BEGIN{print r*b}')") rows/s) | $(ms "$R_p50_ms") | $(ms "$R_p99_ms") | $R_non2xx | $R_failed_items | $(pct_of "$R_created" "$R_items") |")
    if [ "$a" = plain ]; then BATCH_PLAIN_RPS=$R_rps; else BATCH_CO_RPS=$R_rps; fi
  done
  export BENCH_COMPANIES=0
fi
# ---- 7: several database servers -----------------------------------------------------------------------------
# A second PostgreSQL cluster (same settings, same machine) and a third API process configured with both servers
# (Database__Servers__db2). Through that one process, alternately: single upserts over N new workspaces all on the
# control plane's server, and over N new workspaces placed half on each server (odd ids on db2).
# Same keys per workspace, same connections; load drift hits both arms alike. Both clusters share the machine's cores,
# so this measures what routing over servers costs, not what a second machine would add.
declare -a T7
SERVERS_RATIO="-" SN=0 SPREAD_ON_DB2=0
if section 7; then
  c=$BENCH_WS_CONNECTIONS
  SN=$BENCH_SERVERS_WORKSPACES; [ "$SN" -le "$BENCH_MAX_WORKSPACES" ] || SN=$BENCH_MAX_WORKSPACES
  log "starting a second PostgreSQL (data: $PGDATA2)"
  CS2=$("$ROOT/infra/postgres.sh" start "$PGDATA2" $((PGPORT + 1)))
  PGPORT2=$(printf '%s' "$CS2" | sed -n 's/.*Port=\([0-9]*\).*/\1/p')
  TWO_BASE=$(free_url); start_api two-server "$TWO_BASE" Database__Servers__db2="$CS2"; API_TWO_PID=$STARTED_PID; OTHER_PIDS+=("$API_TWO_PID")
  SERVERS_ONE=$WORK/servers-one.tsv SERVERS_TWO=$WORK/servers-two.tsv
  onboard_on() { # prefix file servers...
    log "onboarding $SN workspaces $1-* on: ${*:3}"
    : >"$WORK/$1.tsv"
    seq -f "$1-%05g" 1 "$SN" | BASE_URL=$TWO_BASE OUT=$WORK/$1.tsv ERR=$ONBOARD_ERR ONBOARD_SERVERS="${*:3}" \
      timeout 3600 xargs -P "$BENCH_ONBOARD_PARALLEL" -n 25 "$BENCH/onboard.sh" || log "onboarding: some workers failed"
    cut -f1,2 "$WORK/$1.tsv" >"$2"
  }
  onboard_on single "$SERVERS_ONE" default
  onboard_on spread "$SERVERS_TWO" default db2
  SPREAD_ON_DB2=$(sql "SELECT count(*) FROM control.workspaces WHERE \"Id\" LIKE 'spread-%' AND \"Server\" = 'db2'")
  SKEYS=$((BENCH_KEYS / SN)); [ "$SKEYS" -ge 1 ] || SKEYS=1
  # seed_arm one|two TAG: half the run's keys in each workspace of the arm, on whichever server holds it.
  seed_arm() {
    if [ "$1" = one ]; then
      seed api "$2" "$SKEYS" "SELECT \"SchemaName\" FROM control.workspaces WHERE \"Id\" LIKE 'single-%'"
    else
      seed api "$2" "$SKEYS" "SELECT \"SchemaName\" FROM control.workspaces WHERE \"Id\" LIKE 'spread-%' AND \"Server\" = 'default'"
      local saved=("${PG[@]}"); PG=(-h 127.0.0.1 -p "$PGPORT2" -U postgres)
      seed api "$2" "$SKEYS" "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ws\\_%'"
      PG=("${saved[@]}")
    fi
  }
  servers_file() { if [ "$1" = one ]; then echo "$SERVERS_ONE"; else echo "$SERVERS_TWO"; fi; }
  SAVED_BASE=$BASE SAVED_PID=$API_PID
  BASE=$TWO_BASE API_PID=$API_TWO_PID
  for a in one two; do
    log "warming the two-server API up on the $a-server arm"
    wrk_run single "$c" "$(servers_file "$a")" "$SKEYS" "sw$a" "$((BENCH_WARMUP_SECONDS + 5))"
  done
  ONE_SUM=0 TWO_SUM=0
  for round in $(seq 1 "$BENCH_SERVERS_ROUNDS"); do
    for a in one two; do
      log "servers $a, round $round: single upsert over $SN workspaces, $c connections"
      seed_arm "$a" "s$a$round"
      quiesce; "$PSQL_BIN" -h 127.0.0.1 -p "$PGPORT2" -U postgres -d workspaces -XtAq -c CHECKPOINT >/dev/null
      measure_begin
      wrk_run single "$c" "$(servers_file "$a")" "$SKEYS" "s$a$round"
      measure_end "API upsert, $a server(s), round $round, $c conns (per request)" "$R_requests" "$R_rps" $((R_socket_errors + R_timeouts))
      T7+=("| $round | $a | $(fmt "$R_rps") | $(ms "$R_p50_ms") | $(ms "$R_p99_ms") | $R_non2xx | $(pct_of "$R_created" "$R_items") |")
      if [ "$a" = one ]; then ONE_SUM=$(awk -v s="$ONE_SUM" -v r="$R_rps" 'BEGIN{print s+r}'); else TWO_SUM=$(awk -v s="$TWO_SUM" -v r="$R_rps" 'BEGIN{print s+r}'); fi
    done
  done
  BASE=$SAVED_BASE API_PID=$SAVED_PID
  SERVERS_RATIO=$(ratio "$TWO_SUM" "$ONE_SUM")
fi

# ---- 8: this API vs the API at BENCH_COMPARE_REV ---------------------------------------------------------------
# The API built from another revision runs as a second process on the same database (the newer schema is a superset:
# its migrations only add) and serves the same workspace and tokens. For each load (single, batch) and connection
# count, BENCH_COMPARE_ROUNDS rounds of raw / this / that (this and that swap places every other round), each run
# prepared as in sections 1-3, so both APIs are measured against the same raw baseline within minutes.
declare -a T8 T8S
if section 8; then
  HEAD_BASE=$BASE HEAD_PID=$API_PID CMP_BASE=$(free_url)
  API_DIR=ApiCmp start_api "$CMP_REV" "$CMP_BASE"; API_CMP_PID=$STARTED_PID; OTHER_PIDS+=("$API_CMP_PID")
  cmp_arm() { if [ "$1" = this ]; then BASE=$HEAD_BASE API_PID=$HEAD_PID; else BASE=$CMP_BASE API_PID=$API_CMP_PID; fi; }
  cmp_arm that
  log "warming the API at $CMP_REV up (${BENCH_API_WARMUP_SECONDS} s, single upserts then batches)"
  for kind in single batch; do
    if [ $kind = single ]; then left=$(( BENCH_API_WARMUP_SECONDS * 2 / 3 )); else left=$(( BENCH_API_WARMUP_SECONDS / 3 )); fi
    while [ "$left" -gt 0 ]; do
      slice=$(( left > 10 ? 10 : left )); left=$(( left - slice ))
      wrk_run $kind 8 "$MAIN_WS" "$([ $kind = single ] && echo "$BENCH_KEYS" || echo "$BENCH_BATCH_KEYS")" "cw$kind$left" "$slice"
    done
  done
  for kind in single batch; do
    if [ $kind = single ]; then script=$BENCH/raw_upsert.sql keys=$BENCH_KEYS per=1; else script=$WORK/raw_batch.sql keys=$BENCH_BATCH_KEYS per=$B; fi
    for c in $BENCH_CONNECTIONS; do
      RAW8=0 THIS8=0 THAT8=0
      for round in $(seq 1 "$BENCH_COMPARE_ROUNDS"); do
        cmp_arm this
        log "compare $kind, $c connections, round $round: raw"
        raw_measure "$script" "x$kind$round" "$keys" "$c" "raw $kind, round $round, $c conns (per statement)"
        raw=$(awk -v t="$P_tps" -v b="$per" 'BEGIN{print t*b}')
        order="this that"; [ $((round % 2)) = 0 ] && order="that this"
        for a in $order; do
          cmp_arm "$a"
          log "compare $kind, $c connections, round $round: API $a"
          api_measure "$kind" "$a$kind$round" "$keys" "$c" "API $kind at $([ $a = this ] && echo "$THIS_NAME" || echo "$CMP_REV"), round $round, $c conns (per request)"
          printf -v "rate_$a" '%s' "$(awk -v r="$R_rps" -v b="$per" 'BEGIN{print r*b}')"
        done
        cmp_arm this
        T8+=("| $kind | $c | $round | $(fmt "$raw") | $(fmt "$rate_this") | $(fmt "$rate_that") | $(ratio "$rate_this" "$raw") | $(ratio "$rate_that" "$raw") | $(ratio "$rate_this" "$rate_that") |")
        RAW8=$(awk -v s="$RAW8" -v r="$raw" 'BEGIN{print s+r}')
        THIS8=$(awk -v s="$THIS8" -v r="$rate_this" 'BEGIN{print s+r}')
        THAT8=$(awk -v s="$THAT8" -v r="$rate_that" 'BEGIN{print s+r}')
      done
      T8S+=("| $kind | $c | $(ratio "$THIS8" "$RAW8") | $(ratio "$THAT8" "$RAW8") | **$(ratio "$THIS8" "$THAT8")** |")
    done
  done
  cmp_arm this
fi

TOTAL_SECS=$(( $(date +%s) - TOTAL_START ))

# ---- report --------------------------------------------------------------------------------------------------
{
  echo "## People API benchmark ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "- command: \`$COMMAND_LINE\`"
  echo "- source: $SOURCE_DESC; API and CLI built with \`dotnet publish -c Release\` (SDK $(dotnet --version)); API run as"
  echo "  \`dotnet Workspaces.Api.dll --urls $BASE\` with \`ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning RateLimit__PermitsPerSecond=$BENCH_RATE_LIMIT RateLimit__Burst=$BENCH_RATE_LIMIT Telemetry__Prometheus__Enabled=true$([ "$BENCH_TELEMETRY" = off ] && echo " Telemetry__Enabled=false")\` (default pool settings)"
  echo "- machine: $(nproc) CPUs ($CPU), $MEM RAM, $(uname -sr); load generator, API and PostgreSQL share it; load average before / after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- PostgreSQL $PGVER from infra/postgres.sh, normal durability: $PGCONF"
  echo "- load: wrk $(wrk -v 2>&1 | awk 'NR==1{print $2}') \`-t$BENCH_THREADS -cN -d${BENCH_SECONDS}s --latency -s infra/bench/upsert.lua\`; pgbench $("$PGBENCH" --version | awk '{print $3}') \`-n -M prepared -cN -j$BENCH_THREADS -T$BENCH_SECONDS\`; before each run: seeding, ${BENCH_WARMUP_SECONDS} s warm-up on other keys (section 4: ${BENCH_WS_WARMUP_SECONDS}$([ "$BENCH_WS_WARMUP_SECONDS" = auto ] && echo ": 30 s + 15 s per 1,000 workspaces" || echo " s")), CHECKPOINT"
  echo "- keys: $BENCH_KEYS per run (section 3: $BENCH_BATCH_KEYS; section 4: split evenly over the workspaces), fresh per run, $([ "$BENCH_SEED" = 1 ] && echo "half of them existing before the run" || echo "none existing before the run"); API requests: ~25% by email only, the rest by userId (1 in 3 also with email); traits change on every request"
  echo "- API warm-up after start-up on the (empty, never analyzed) main workspace, ${BENCH_API_WARMUP_SECONDS} s at 8 connections; req/s (seq-scanned rows per request) per slice of <= 10 s: ${WARMUP_CURVE:-none}"
  echo "- section-4 warm-up, req/s per slice of <= 30 s, by workspaces: ${WS_WARMUP_CURVE:-none}"
  echo "- measured part: ${TOTAL_SECS} s"
  echo
  if section 1; then
  echo "### 1-2. Single upsert: raw SQL vs \`POST /v1/workspaces/{ws}/people/upsert\`"
  echo
  echo "| conns | raw tps | raw avg ms | raw new | API req/s | API p50 ms | API p99 ms | API non-2xx | API new | API / raw |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${T1[@]}"
  echo
  fi
  if section 3; then
  echo "### 3. $B rows at once: one raw INSERT of $B rows vs \`POST .../people/batch\` with $B items"
  echo
  echo "| conns | raw rows/s | raw new | API rows/s | API req/s | API p50 ms | API p99 ms | API non-2xx | API failed items | API new | API / raw |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${T3[@]}"
  echo
  fi
  if section 4; then
  echo "### 4. Single upsert over many workspaces ($BENCH_WS_CONNECTIONS connections; a random workspace + its token per request)"
  echo
  echo "| workspaces | req/s | vs 1 ws | p50 ms | p99 ms | non-2xx | new | API RSS MiB | PG backends | PG backends Pss MiB | PG backends private MiB | onboarding p50 / p99 ms (new workspaces) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${T4[@]}"
  echo
  fi
  if section 5; then
  echo "### 5. Telemetry overhead: single upsert, traces and metrics on (no exporter) vs off (\`Telemetry__Enabled=false\`), $BENCH_WS_CONNECTIONS connections"
  echo
  echo "| round | telemetry | req/s | p50 ms | p99 ms | non-2xx |"
  echo "|---:|---|---:|---:|---:|---:|"
  printf '%s\n' "${T5[@]}"
  echo
  echo "on / off (req/s summed over the rounds): **$OVERHEAD_RATIO**"
  echo
  fi
  if section 6; then
  echo "### 6. Companies: single upsert with one company (\`\"companies\":[{\"companyId\":...}]\`, $BENCH_COMPANY_POOL companies) vs plain, and a batch of $BENCH_BATCH_SIZE people each with one company, $BENCH_WS_CONNECTIONS connections"
  echo
  echo "| round | requests | req/s | p50 ms | p99 ms | non-2xx | failed items | new |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${T6[@]}"
  echo
  echo "single with a company / plain (req/s summed over the rounds): **$(ratio "$CO_SUM" "$PLAIN_SUM")**; batch with companies / plain batch: **$(ratio "$BATCH_CO_RPS" "$BATCH_PLAIN_RPS")**"
  echo
  fi
  if section 7; then
    echo "### 7. Several database servers: single upsert over $SN workspaces on one server vs $SN spread over two ($SPREAD_ON_DB2 on db2), one API process, $BENCH_WS_CONNECTIONS connections"
    echo
    echo "| round | servers | req/s | p50 ms | p99 ms | non-2xx | new |"
    echo "|---:|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${T7[@]}"
    echo
    echo "two servers / one (req/s summed over the rounds): **$SERVERS_RATIO**"
    echo
  fi
  if section 8; then
    echo "### 8. This API ($THIS_NAME) vs the API at $CMP_REV: single upserts (per second) and batches of $B (rows per second), raw / this / that in each round"
    echo
    echo "| load | conns | round | raw | this | at $CMP_REV | this / raw | $CMP_REV / raw | this / $CMP_REV |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${T8[@]}"
    echo
    echo "Summed over the rounds:"
    echo
    echo "| load | conns | this / raw | $CMP_REV / raw | this / $CMP_REV |"
    echo "|---|---:|---:|---:|---:|"
    printf '%s\n' "${T8S[@]}"
    echo
  fi
  echo "### Per-run diagnostics (CPU in ms per request or statement)"
  echo
  echo "| run | per s | API CPU ms | PG CPU ms | wrk/pgbench CPU ms | other CPU ms | CPU busy | steal | PG errors | socket errors | seq-scanned rows | API threads |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${TD[@]}"
  echo
  echo "*new*: share of upserts (rows) that created a person. Latencies are wrk's (coordinated omission not corrected)."
  echo "*API RSS*: VmRSS of the API after the run. *PG backends*: client backends connected after the run (the API's pool),"
  echo "Pss / private memory summed from /proc/PID/smaps_rollup. *onboarding*: \`POST /v1/admin/workspaces\` (schema created"
  echo "and migrated) timed by curl, $BENCH_ONBOARD_PARALLEL at a time. Diagnostics: CPU from /proc (*other* = everything else on the"
  echo "machine: other processes, kernel I/O threads; *busy*/*steal* = share of all CPUs), *PG errors* = ERROR lines in the PostgreSQL log"
  echo "(e.g. unique violations the API then retried), *seq-scanned rows* = rows read by sequential scans of the workspaces'"
  echo "people tables (pg_stat_user_tables, approximate)."
  if [ -s "$WORK/pg-errors.txt" ]; then
    echo
    echo "### PostgreSQL log errors (the first two of each run)"
    echo
    echo '```'
    head -c 6000 "$WORK/pg-errors.txt"
    echo '```'
  fi
  if [ -s "$WORK/http-errors.txt" ] || [ -s "$ONBOARD_ERR" ]; then
    echo
    echo "### Failed requests (first samples)"
    echo
    echo '```'
    if [ -s "$WORK/http-errors.txt" ]; then head -c 6000 "$WORK/http-errors.txt"; fi
    if [ -s "$ONBOARD_ERR" ]; then head -n 5 "$ONBOARD_ERR" | cut -c1-2000; fi
    echo '```'
  fi
} | tee "$BENCH_REPORT"
log "report also written to $BENCH_REPORT"
if [ "$ANY_FAILURE" = 1 ]; then
  log "FAILURES: some requests answered non-2xx, failed, or timed out (see the report)"
  exit 2
fi
