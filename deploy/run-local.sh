#!/usr/bin/env bash
# A class server without containers: N replicas of `streamlit run asgi.py` (app.py as hosted) behind HAProxy on this machine.
#
#   deploy/run-local.sh [N]          (or: make serve-replicas, N=3 make serve-replicas)
#
# N defaults to 2. Replicas listen on 127.0.0.1:8501 .. 8500+N, the proxy on 127.0.0.1:8500; for the
# students' machines to reach it, bind the proxy to every interface:
#   ML_PROXY_BIND=0.0.0.0:8500 deploy/run-local.sh
# HTTPS as well (plain HTTP then redirects to it; deploy/haproxy.cfg says more), with the school's certificate:
#   ML_TLS_CERT=/path/to/class.pem ML_PROXY_TLS_BIND=0.0.0.0:8443 ML_HTTPS_PORT=8443 deploy/run-local.sh
# HAProxy is installed with apt-get where it is missing. Ctrl-C stops every process this script started.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-${REPLICAS:-2}}"
BASE_PORT="${BASE_PORT:-8501}"
export ML_PROXY_BIND="${ML_PROXY_BIND:-127.0.0.1:8500}"
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
if ! [[ "$N" =~ ^[0-9]+$ ]] || [ "$N" -lt 2 ]; then
  echo "usage: $0 [N]   (N >= 2 replicas; one process needs no proxy: make run)" >&2
  exit 2
fi

haproxy_bin() { command -v haproxy || { [ -x /usr/sbin/haproxy ] && echo /usr/sbin/haproxy; }; }
if ! haproxy_bin >/dev/null; then
  echo "HAProxy is missing: installing the Debian package haproxy"
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq haproxy >/dev/null
fi
HAPROXY="$(haproxy_bin)"

LOGS="$(mktemp -d "${TMPDIR:-/tmp}/ml-explorer-replicas.XXXXXX")"
PIDS=()
stop_all() {
  trap - EXIT INT TERM
  echo
  echo "stopping ${#PIDS[@]} processes"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "logs kept in $LOGS"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# HAProxy's config names two replicas; a third and more get a server line each, appended to a copy
# (the backend is the file's last section).
CFG="$LOGS/haproxy.cfg"
cp deploy/haproxy.cfg "$CFG"
for k in $(seq 1 "$N"); do
  export "ML_REPLICA_$k=127.0.0.1:$((BASE_PORT + k - 1))"
  if [ "$k" -gt 2 ]; then
    printf '    server r%d "${ML_REPLICA_%d}" cookie r%d\n' "$k" "$k" "$k" >>"$CFG"
  fi
done
"$HAPROXY" -c -q -f "$CFG"

health() {  # health URL -> exit status 0 once it answers 200
  "$PYTHON" - "$1" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except OSError:
    sys.exit(1)
PY
}
wait_healthy() {  # name url pid
  for _ in $(seq 1 240); do
    if health "$2"; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then
      echo "$1 exited; its log:" >&2
      tail -n 30 "$LOGS/$1.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "$1 did not become healthy within 120 s; log: $LOGS/$1.log" >&2
  exit 1
}

for k in $(seq 1 "$N"); do
  port=$((BASE_PORT + k - 1))
  "$PYTHON" -m streamlit run asgi.py --server.address 127.0.0.1 --server.port "$port" \
    --server.headless true --browser.gatherUsageStats false >"$LOGS/replica$k.log" 2>&1 &
  PIDS+=("$!")
done
for k in $(seq 1 "$N"); do
  wait_healthy "replica$k" "http://127.0.0.1:$((BASE_PORT + k - 1))/_stcore/health" "${PIDS[$((k - 1))]}"
  echo "replica $k healthy on 127.0.0.1:$((BASE_PORT + k - 1))"
done

"$HAPROXY" -db -f "$CFG" >"$LOGS/haproxy.log" 2>&1 &
PIDS+=("$!")
proxy_host="${ML_PROXY_BIND%:*}"
proxy_port="${ML_PROXY_BIND##*:}"
if [ "$proxy_host" = 0.0.0.0 ] || [ -z "$proxy_host" ]; then proxy_host=127.0.0.1; fi
wait_healthy haproxy "http://$proxy_host:$proxy_port/_stcore/health" "${PIDS[-1]}"

echo
echo "ML Explorer: $N replicas behind HAProxy at http://${ML_PROXY_BIND}/   (sticky cookie SERVERID)"
if [ -n "${ML_TLS_CERT:-}" ]; then
  echo "HTTPS on ${ML_PROXY_TLS_BIND:-127.0.0.1:8443} (students' port ${ML_HTTPS_PORT:-8443}); plain HTTP redirects there"
fi
echo "logs: $LOGS    Ctrl-C stops everything"
# Run until Ctrl-C, or until any of the processes ends (then stop the rest).
wait -n "${PIDS[@]}" || true
echo "a process ended on its own; see the logs in $LOGS" >&2
exit 1
