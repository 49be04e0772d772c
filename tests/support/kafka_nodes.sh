# Shell helpers for scripts that run `tally serve` nodes on Kafka (tests/kafka_cluster_test.sh,
# bench/kafka_nodes.sh, bench/kafka_forwarding.sh). Sourced, not run.

# wait_for SECONDS CONDITION...: runs CONDITION every 100 ms until it succeeds; 1 after SECONDS.
wait_for() {
  local deadline=$(($(date +%s) + $1))
  shift
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# A TCP port free on 127.0.0.1 now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# metric_sum NAME PORT...: one metric (all its series) summed over the nodes' /metrics
# (public); a node that does not answer counts 0.
metric_sum() {
  local name=$1 total=0 port v
  shift
  for port in "$@"; do
    v=$(curl -sf --max-time 2 "http://127.0.0.1:$port/metrics" 2>/dev/null |
      awk -v n="$name" '$1 == n || index($1, n "{") == 1 {s += $2} END {print s + 0}')
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
