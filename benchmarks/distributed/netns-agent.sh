#!/bin/sh
# The rsh agent Open MPI calls to start a process on a "host": runs it in that host's network
# namespace (benchmarks/distributed/two_hosts.sh).
host=$1; shift
case "$host" in
  10.77.0.2) ns=h1 ;;
  10.77.0.3) ns=h2 ;;
  *) echo "unknown host $host" >&2; exit 1 ;;
esac
exec ip netns exec $ns /bin/sh -c "$*"
