# Sourced by the benchmarks in src/bench after common.sh: Portkey's open-source gateway (@portkey-ai/gateway, Node.js)
# as a peer, installed from npm into a cache outside the repository and started in front of the provider simulator.
#
# Why not `npm install @portkey-ai/gateway@1.15.2`: its tarball ships only a bundled build/start-server.js and a
# package.json with caret ranges (hono ^4.9.7, @hono/node-server ^1.3.3, ...), no lockfile; installed so, npm takes
# today's newest matching versions (on 2026-11-28: hono 4.13.19, @hono/node-server 1.19.19) and 1.15.2 answers
# 500 {"status":"failure","message":"Something went wrong"} to every streamed request (its log: "tryTargetsRecursively
# error: immutable undefined TypeError: immutable"); plain requests still work. The versions below are those of
# the package-lock.json in Portkey's repository at the tag v1.15.2 (commit ca7712947ec8c0887803990b746740d36011c697,
# github.com/Portkey-AI/gateway), for every package the build imports at run time. `overrides` holds them at every
# depth, not only at the top. The repository's patch-package patch (async-retry passes its operation to the retried
# function) is not applied: it only matters when Portkey retries, and nothing here fails.
PORTKEY_VERSION=1.15.2
PORTKEY_DIR=${PORTKEY_CACHE:-$HOME/.cache/camel-gateway-bench}/portkey-$PORTKEY_VERSION
PORTKEY_PINS='{
  "@aws-crypto/sha256-js": "5.2.0",
  "@cfworker/json-schema": "4.0.3",
  "@hono/node-server": "1.13.5",
  "@hono/node-ws": "1.2.0",
  "@portkey-ai/mustache": "2.1.3",
  "@smithy/signature-v4": "2.1.1",
  "async-retry": "1.3.3",
  "avsc": "5.7.7",
  "ioredis": "5.8.0",
  "hono": "4.9.7",
  "jose": "6.0.11",
  "ws": "8.18.3",
  "zod": "3.25.76"
}'

# install_portkey: the package and its pinned dependencies in $PORTKEY_DIR, once (later runs reuse it).
install_portkey() {
  [ -f "$PORTKEY_DIR/.installed" ] && return 0
  command -v npm >/dev/null || { echo "npm not found: the peer needs Node.js (20 or newer) and npm"; exit 1; }
  echo "installing @portkey-ai/gateway@$PORTKEY_VERSION with its lockfile's versions into $PORTKEY_DIR"
  rm -rf "$PORTKEY_DIR"
  mkdir -p "$PORTKEY_DIR"
  (cd "$PORTKEY_DIR" && npm pack --silent "@portkey-ai/gateway@$PORTKEY_VERSION" > /dev/null \
    && tar xzf "portkey-ai-gateway-$PORTKEY_VERSION.tgz")
  # Only what runs: the pinned dependencies, no development tools, no install scripts (husky, patch-package).
  node -e '
    const fs = require("fs"), file = process.argv[1], pins = JSON.parse(process.argv[2]);
    const p = JSON.parse(fs.readFileSync(file, "utf8"));
    p.dependencies = pins; p.overrides = pins;
    delete p.devDependencies; delete p.scripts;
    fs.writeFileSync(file, JSON.stringify(p, null, 2));' "$PORTKEY_DIR/package/package.json" "$PORTKEY_PINS"
  (cd "$PORTKEY_DIR/package" && npm install --silent --omit=dev --ignore-scripts --no-audit --no-fund > /dev/null)
  node -e '
    const pins = JSON.parse(process.argv[1]);
    for (const [name, version] of Object.entries(pins)) {
      const got = require(process.argv[2] + "/node_modules/" + name + "/package.json").version;
      if (got !== version) { console.error(name + " is " + got + ", not the pinned " + version); process.exit(1); }
    }' "$PORTKEY_PINS" "$PORTKEY_DIR/package"
  touch "$PORTKEY_DIR/.installed"
}

# start_portkey PORT: runs it in the background (run_in_background portkey), its pid in $PORTKEY_PID.
start_portkey() {
  install_portkey
  run_in_background portkey env NODE_ENV=production node "$PORTKEY_DIR/package/build/start-server.js" \
    --port="$1" --headless
  PORTKEY_PID=$LAST_PID
}
