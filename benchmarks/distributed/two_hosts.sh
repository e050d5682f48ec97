#!/usr/bin/env bash
# Data-parallel training across two "hosts": two network namespaces joined by veth links and a
# bridge, MPI over TCP between them (no shared memory). Checks that the model equals the
# one-process model and prints the time. Needs root and a qgbm built with MPI.
#
#   benchmarks/distributed/two_hosts.sh build-mpi/qgbm DATA.csv [ITERATIONS]
set -euo pipefail
qgbm="$(realpath "$1")" data="$(realpath "$2")" iterations="${3:-30}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/qgbm-hosts.XXXXXX")"
cleanup() { ip netns del h1 2>/dev/null || true; ip netns del h2 2>/dev/null || true
            ip link del br-mt 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ip netns add h1; ip netns add h2
ip link add br-mt type bridge; ip addr add 10.77.0.1/24 dev br-mt; ip link set br-mt up
for i in 1 2; do
  ip link add "veth-h$i" type veth peer name eth0 netns "h$i"
  ip link set "veth-h$i" master br-mt; ip link set "veth-h$i" up
  ip -n "h$i" addr add "10.77.0.$((i + 1))/24" dev eth0
  ip -n "h$i" link set eth0 up; ip -n "h$i" link set lo up
done
printf "10.77.0.2 slots=2\n10.77.0.3 slots=2\n" > "$work/hosts"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 PMIX_MCA_gds=hash
args=(data="$data" header=true label_column=0 objective=binary num_iterations="$iterations"
      num_leaves=63 num_threads=1 verbosity=1)
"$qgbm" train "${args[@]}" verbosity=-1 output_model="$work/alone.json"
start=$(date +%s.%N)
timeout -k 5 900 mpirun --hostfile "$work/hosts" -np 2 --map-by node \
  --mca plm_rsh_agent "$here/netns-agent.sh" --mca btl self,tcp ${QGBM_MPI_EXTRA:-} \
  --mca btl_tcp_if_include 10.77.0.0/24 --mca oob_tcp_if_include 10.77.0.0/24 \
  -x OMPI_ALLOW_RUN_AS_ROOT -x OMPI_ALLOW_RUN_AS_ROOT_CONFIRM \
  "$qgbm" train "${args[@]}" tree_learner=data num_machines=2 output_model="$work/two_hosts.json" \
  2>&1 | grep -E "summed|time:"
echo "wall $(echo "$(date +%s.%N) - $start" | bc) s"
cmp "$work/alone.json" "$work/two_hosts.json" && echo "two hosts wrote the one-process model"
