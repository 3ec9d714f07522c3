#!/usr/bin/env bash
# Builds the Go-based servers used by the real-server test harness
# (local-servers, for npm start and the tests) and installs them into
#   ${TICKETING_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ticketing-test-servers}/bin
#
#   ferretdb               MongoDB wire protocol on SQLite or PostgreSQL (built from ./cmd/ferretdb)
#   nats-streaming-server  STAN, for the legacy node-nats-streaming bus
#   stripe-mock            Stripe API mock
#
# Idempotent: a binary is rebuilt only when its stamp file does not match the
# pinned version. Needs Go >= 1.22, no root. Go build/module caches stay in
# their default (per-user) locations, outside the repository.
# nats-server and redis-server are NOT built here: install them with apt.
set -euo pipefail

# Pinned versions. FERRETDB_VERSION must match go.mod.
readonly FERRETDB_VERSION=v1.24.0
readonly NATS_STREAMING_VERSION=v0.25.6
readonly STRIPE_MOCK_VERSION=v0.203.0

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS_DIR="${TICKETING_TOOLS_DIR:-${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/ticketing-test-servers}"
BIN_DIR="$TOOLS_DIR/bin"

if ! command -v go >/dev/null 2>&1; then
  echo "install.sh: 'go' not found: install Go (>= 1.22, https://go.dev/dl/) and re-run tools/test-servers/install.sh" >&2
  exit 1
fi

go_version="$(go env GOVERSION)" # e.g. go1.26.8
if [[ "$go_version" =~ ^go1\.([0-9]+) ]] && ((BASH_REMATCH[1] < 22)); then
  echo "install.sh: $go_version is too old: install Go (>= 1.22, https://go.dev/dl/) and re-run tools/test-servers/install.sh" >&2
  exit 1
fi

mkdir -p "$BIN_DIR"

# Serialise concurrent runs (e.g. several jest workers starting FerretDB at once).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$BIN_DIR/.install.lock"
  flock 9
fi

tmp_dir="$(mktemp -d "$BIN_DIR/.tmp.XXXXXX")"
trap 'rm -rf "$tmp_dir"' EXIT

# Static, reproducible, small binaries; no C toolchain needed (FerretDB uses
# the pure-Go modernc.org/sqlite).
export CGO_ENABLED=0
build_flags=(-trimpath -ldflags=-s\ -w)

hash_files() {
  if command -v sha256sum >/dev/null 2>&1; then
    cat "$@" | sha256sum | cut -c1-16
  else
    cat "$@" | shasum -a 256 | cut -c1-16
  fi
}

# install_binary NAME STAMP BUILD_FUNCTION
# Runs BUILD_FUNCTION (which must write "$tmp_dir/NAME") unless NAME is already
# installed with a matching stamp, then moves the result into place atomically.
install_binary() {
  local name="$1" stamp="$2" build="$3"
  local target="$BIN_DIR/$name" stamp_file="$BIN_DIR/.$name.stamp"

  if [[ -x "$target" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
    echo "$name $stamp: cached ($target)"
    return
  fi

  local start=$SECONDS
  "$build"
  mv -f "$tmp_dir/$name" "$target"
  printf '%s\n' "$stamp" >"$stamp_file"
  echo "$name $stamp: built in $((SECONDS - start))s ($target)"
}

build_ferretdb() {
  (cd "$SCRIPT_DIR" && go build "${build_flags[@]}" -buildvcs=false -o "$tmp_dir/ferretdb" ./cmd/ferretdb)
}

build_nats_streaming() {
  GOBIN="$tmp_dir" go install "${build_flags[@]}" "github.com/nats-io/nats-streaming-server@$NATS_STREAMING_VERSION"
}

build_stripe_mock() {
  GOBIN="$tmp_dir" go install "${build_flags[@]}" "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
}

# The ferretdb stamp also covers the module files and its sources, so editing them or
# bumping FerretDB in go.mod triggers a rebuild.
ferretdb_stamp="$FERRETDB_VERSION+$(hash_files "$SCRIPT_DIR/go.mod" "$SCRIPT_DIR/go.sum" "$SCRIPT_DIR"/cmd/ferretdb/*.go)"

install_binary ferretdb "$ferretdb_stamp" build_ferretdb
install_binary nats-streaming-server "$NATS_STREAMING_VERSION" build_nats_streaming
install_binary stripe-mock "$STRIPE_MOCK_VERSION" build_stripe_mock

# ---------------------------------------------------------------- kustomize
# For the infra workspace's offline checks (`kustomize build` of every overlay) on machines
# without `kubectl kustomize`. Pinned like the servers above (v5.7.1 still builds with Go 1.22).
readonly KUSTOMIZE_VERSION=v5.7.1

build_kustomize() {
  GOBIN="$tmp_dir" go install "${build_flags[@]}" "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
}

install_binary kustomize "$KUSTOMIZE_VERSION" build_kustomize
