#!/usr/bin/env bash
# Lighthouse (mobile, simulated throttling) on the home page of each language of the built site/.
# Usage: make build && bash benchmarks/lighthouse.sh   (writes benchmarks/LIGHTHOUSE.md)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8799}
FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory site >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1
out=benchmarks/LIGHTHOUSE.md
{
  echo "# Lighthouse, home page per language (mobile, simulated throttling, lighthouse 12.8.2)"
  echo
  echo "| language | performance | accessibility | best practices | SEO | page weight | LCP |"
  echo "|---|---|---|---|---|---|---|"
} > "$out"
for lang in vi en zh ja ko lo; do
  path=$([ "$lang" = vi ] && echo "" || echo "$lang/")
  CHROME_PATH=/usr/bin/chromium npm exec --yes lighthouse@12.8.2 -- "http://127.0.0.1:$PORT/$path" \
    --quiet --chrome-flags="$FLAGS" --output=json --output-path="/tmp/lighthouse-$lang.json" >/dev/null 2>&1
  python3 - "$lang" >> "$out" <<'PY'
import json, sys
lang = sys.argv[1]
d = json.load(open(f"/tmp/lighthouse-{lang}.json"))
s = {k: round(v["score"] * 100) for k, v in d["categories"].items()}
a = d["audits"]
print(f"| {lang} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} "
      f"| {a['total-byte-weight']['displayValue'].replace('Total size was ', '')} "
      f"| {a['largest-contentful-paint']['displayValue']} |")
PY
done
cat "$out"
