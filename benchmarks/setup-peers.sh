#!/usr/bin/env bash
# Installs what the `peers` benchmark compares Crossfade with: pt-online-schema-change from Debian's
# percona-toolkit package, when it is missing. (The batched loop needs nothing: it is plain JDBC.)
#   benchmarks/setup-peers.sh && java -jar benchmarks/target/crossfade-benchmarks.jar peers --rows 1000000
set -euo pipefail
if command -v pt-online-schema-change >/dev/null; then
  exit 0
fi
echo "setup-peers: installing percona-toolkit (apt-get)"
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-peers: needs root to apt-get install percona-toolkit; run it as root or install it yourself" >&2
  exit 1
fi
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq percona-toolkit >/dev/null
pt-online-schema-change --version
