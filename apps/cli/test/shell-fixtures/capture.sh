#!/bin/sh
# Captures the expected output of every fixture script from the real tools
# (dash, util-linux, iproute2, procps), as root on Linux: each script runs
# under the real `sh` in a fresh set of namespaces (the driver of
# ../shell.test.ts), and its output, masked, is written to <name>.expected.
# Then the same test compares `nsproxy shell` with what was captured.
set -e
cd "$(dirname "$0")/../../../.."
if [ "$(id -u)" != 0 ]; then echo "capture.sh: run as root (the driver mounts and sets the hostname)" >&2; exit 1; fi
npx turbo run build --filter=nsproxy... --output-logs=errors-only >&2
NSPROXY_CAPTURE=1 npx vitest run apps/cli/test/shell.test.ts
