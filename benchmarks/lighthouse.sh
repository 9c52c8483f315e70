#!/usr/bin/env bash
# Lighthouse on a phone: the home page and one page of each section in six languages, three runs
# each, served by nginx with the portal's server block; writes benchmarks/LIGHTHOUSE.md.
# Usage: bash benchmarks/lighthouse.sh [--site site] [--runs 3]   (needs `npm ci` for lighthouse)
# See benchmarks/lighthouse.py.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python benchmarks/lighthouse.py "$@"
