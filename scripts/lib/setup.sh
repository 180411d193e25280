# Shared by scripts/start.sh and scripts/test.sh: install what the app and its tests need on a
# fresh Debian/Ubuntu machine. Sourced, not run.

# onnxruntime-node's install script downloads CUDA providers; never on our installs (scripts are skipped
# anyway, this covers a plain `npm install`). The CPU provider ships in the package; README → GPUs.
export ONNXRUNTIME_NODE_INSTALL=skip

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# require_node: Node.js 20.19+ with npm is the one thing we cannot install for the user portably.
require_node() {
  if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "Node.js 20.19 or newer is required (found: $(node --version 2>/dev/null || echo none))." >&2
    echo "Install it from https://nodejs.org or your distribution, then run this again." >&2
    exit 1
  fi
}

# ensure_system_packages PKG...: installs the missing Debian packages with apt-get when root;
# otherwise prints the command for the user and carries on.
ensure_system_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Not a Debian/Ubuntu system: install these yourself if tests need them: ${missing[*]}" >&2
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    return 0
  fi
  log "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_node_modules: `npm ci` when package-lock.json changed since the last install. Scripts are
# skipped, then run only for the packages package.json's allowScripts approves, so electron's
# binary download (which fails offline) never breaks the install on any npm version.
ensure_node_modules() {
  local stamp=node_modules/.workbench-lock-hash
  local want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "Installing npm packages (npm ci)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || return 1
  local allowed
  allowed=$(node -e 'const a=require("./package.json").allowScripts||{}; console.log(Object.keys(a).filter(k=>a[k]===true).join(" "))')
  if [ -n "$allowed" ]; then
    # shellcheck disable=SC2086 # a list of package names
    npm rebuild $allowed --loglevel=error || return 1
  fi
  echo "$want" >"$stamp"
}
