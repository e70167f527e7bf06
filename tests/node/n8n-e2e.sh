#!/usr/bin/env bash
# The generated community node package in the whole of n8n (not only its
# engine, which the Rust tests run): installs n8n 1.123.50 into a temporary
# directory, writes the package for spec/whatsapp-http-api.yaml with
# `cargo xtask n8n-node`,
# loads it through N8N_CUSTOM_EXTENSIONS, and
#   1. runs a workflow (`n8n execute`) whose node lists the sessions of a
#      recording server, with a credential imported by `n8n import:credentials`;
#   2. starts n8n with an active workflow "trigger → Send Message" and posts a
#      webhook delivery to the trigger: the workflow's request reaches the server.
# Prints every request the recording server saw. Needs Node 20, npm and about
# 1 GB of disk; it is not part of `cargo test` (the install is large and slow).
#
#   tests/node/n8n-e2e.sh
#
# N8N_INSTALL=DIR reuses an install made by an earlier run (DIR/node_modules).
# Measured on the 2-core machine: 1,885 packages, 1.7 GB, 500 s.
#
# n8n-nodes-base depends on xlsx from cdn.sheetjs.com; the `overrides` below
# take the registry's xlsx instead, so everything comes from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/../.."
SPEC=spec/whatsapp-http-api.yaml
WORK=$(mktemp -d)
# The servers stop and the temporary directory goes when the script ends
# (N8N_E2E_KEEP=1 keeps it, with n8n's log).
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "${N8N_E2E_KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
export N8N_USER_FOLDER=$WORK/user N8N_DIAGNOSTICS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false \
  N8N_RUNNERS_ENABLED=false N8N_SECURE_COOKIE=false N8N_PORT=${N8N_PORT:-5679} \
  DB_SQLITE_POOL_SIZE=1 N8N_LOG_LEVEL=warn

INSTALL=${N8N_INSTALL:-$WORK/n8n}
if [ ! -x "$INSTALL/node_modules/.bin/n8n" ]; then
  echo "== installing n8n 1.123.50 in $INSTALL"
  mkdir -p "$INSTALL"
  printf '%s\n' '{"name": "n8n-e2e", "private": true, "dependencies": {"n8n": "1.123.50"},' \
    ' "overrides": {"xlsx": "0.18.5"}}' > "$INSTALL/package.json"
  start=$(date +%s)
  npm install --prefix "$INSTALL" --no-audit --no-fund --loglevel=error
  echo "installed in $(( $(date +%s) - start )) s, $(du -sh "$INSTALL/node_modules" | cut -f1)"
fi
N8N="$INSTALL/node_modules/.bin/n8n"

echo "== generating the package for $SPEC"
cargo xtask n8n-node --spec "$SPEC" --out "$WORK/package"
export N8N_CUSTOM_EXTENSIONS=$WORK/package
# The type names n8n gives the package's node, trigger and credential.
name_of() {
  node -e "const p = require('$WORK/package/package.json');
    const m = require('$WORK/package/' + p.n8n.$1);
    const it = new m[Object.keys(m)[0]]();
    console.log((it.description ?? it).name)"
}
NODE=$(name_of 'nodes[0]')
TRIGGER=$(name_of 'nodes[1]')
CRED=$(name_of 'credentials[0]')
echo "node CUSTOM.$NODE, trigger CUSTOM.$TRIGGER, credential $CRED"

echo "== a recording server on 127.0.0.1:3999"
cat > "$WORK/server.js" <<'EOF'
const http = require('node:http');
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    console.log(JSON.stringify({ method: req.method, url: req.url, 'x-api-key': req.headers['x-api-key'] ?? null, body }));
    res.setHeader('content-type', 'application/json');
    if (req.url.startsWith('/sessions')) res.end(JSON.stringify([{ id: '6281234567890', status: 'connected' }]));
    else res.end(JSON.stringify({ key: { id: '3EB0' }, status: 1 }));
  });
}).listen(3999, '127.0.0.1');
EOF
node "$WORK/server.js" > "$WORK/requests.jsonl" &
sleep 1

cat > "$WORK/credentials.json" <<EOF
[{"id": "e2ecred00000001", "name": "e2e", "type": "$CRED",
  "data": {"url": "http://127.0.0.1:3999", "apiKey": "secret-key-123"}}]
EOF
"$N8N" import:credentials --input="$WORK/credentials.json"
CREDS="{\"$CRED\": {\"id\": \"e2ecred00000001\", \"name\": \"e2e\"}}"

echo "== 1. an operation: Sessions → List Sessions"
cat > "$WORK/run.json" <<EOF
{"id": "e2erun000000001", "name": "e2e run", "active": false, "settings": {}, "connections":
 {"Start": {"main": [[{"node": "Node", "type": "main", "index": 0}]]}},
 "nodes": [
  {"id": "1", "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
  {"id": "2", "name": "Node", "type": "CUSTOM.$NODE", "typeVersion": 1, "position": [200, 0],
   "parameters": {"resource": "Sessions", "operation": "List Sessions"}, "credentials": $CREDS}]}
EOF
"$N8N" import:workflow --input="$WORK/run.json"
"$N8N" execute --id=e2erun000000001 --rawOutput | tail -20

echo "== 2. a trigger delivery: messages.upsert → Send Message"
cat > "$WORK/trigger.json" <<EOF
{"id": "e2etrig00000001", "name": "e2e trigger", "active": true, "settings": {}, "connections":
 {"Trigger": {"main": [[{"node": "Node", "type": "main", "index": 0}]]}},
 "nodes": [
  {"id": "1", "name": "Trigger", "type": "CUSTOM.$TRIGGER", "typeVersion": 1, "position": [0, 0],
   "webhookId": "5f0e8d2a-2d7e-4d5e-9f43-6b1d0a0e2e2e", "parameters": {"events": ["messages.upsert"]}},
  {"id": "2", "name": "Node", "type": "CUSTOM.$NODE", "typeVersion": 1, "position": [200, 0],
   "parameters": {"resource": "Messages", "operation": "Send Message", "phone": "={{ \$json.sessionId }}",
     "jid": "6289876543210@s.whatsapp.net", "message": "={{ JSON.stringify({text: 'got ' + \$json.event}) }}"},
   "credentials": $CREDS}]}
EOF
"$N8N" import:workflow --input="$WORK/trigger.json"
"$N8N" update:workflow --id=e2etrig00000001 --active=true
N8N_LOG_LEVEL=info "$N8N" start > "$WORK/n8n.log" 2>&1 &
URL="http://127.0.0.1:$N8N_PORT/webhook/5f0e8d2a-2d7e-4d5e-9f43-6b1d0a0e2e2e/webhook"
# Up when the trigger's webhook is registered: a GET to it is then answered
# "not registered for GET requests. Did you mean to make a POST request?".
for _ in $(seq 90); do
  curl -s "$URL" | grep -q 'Did you mean' && break
  sleep 2
done
curl -s -X POST "$URL" -H 'content-type: application/json' \
  -d '{"sessionId": "6281234567890", "event": "chats.set", "data": {}}'; echo
curl -s -X POST "$URL" -H 'content-type: application/json' \
  -d '{"sessionId": "6281234567890", "event": "messages.upsert", "data": {"messages": []}}'; echo
sleep 5

echo "== requests the server saw"
cat "$WORK/requests.jsonl"
