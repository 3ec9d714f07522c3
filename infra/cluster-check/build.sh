#!/usr/bin/env bash
# Builds (once) the binaries the cluster check runs, from the Go module proxy, into
#   ${TICKETING_K8S_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ticketing-k8s}
# and prints `NAME=PATH` lines for them on stdout (progress goes to stderr).
#
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl  (k8s.io/kubernetes $K8S_VERSION)
#   kwok      simulated nodes (sigs.k8s.io/kwok)
#   skaffold  (github.com/GoogleContainerTools/skaffold/v2)
#   the CRDs of the kinds the overlays use, from their projects' Go modules: the Gateway API
#   (config/crd/standard), GKE's managed Prometheus (PodMonitoring, Rules) and the Prometheus
#   Operator (PodMonitor, PrometheusRule)
#
# k8s.io/kubernetes replaces its staging modules (k8s.io/api, ...) with ./staging paths, so it
# cannot be `go install`ed: a wrapper module requires it and replaces each staging module with its
# published v0.X.Y instead. skaffold's module has replace directives too (and the proxy refuses
# `go install ...@latest` for it): it is built inside its downloaded module directory.
# A binary is rebuilt only when missing; versions are part of its path.
set -euo pipefail

readonly K8S_VERSION=1.34.4
readonly KWOK_VERSION=v0.7.0
readonly SKAFFOLD_VERSION=v2.16.1
# The version Envoy Gateway v1.7.0 (the README's install) bundles.
readonly GATEWAY_API_VERSION=v1.4.1
readonly GKE_PROMETHEUS_VERSION=v0.17.2
readonly PROMETHEUS_OPERATOR_VERSION=v0.85.0

CACHE=${TICKETING_K8S_CACHE:-${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/ticketing-k8s}
BIN=$CACHE/bin
export GOMODCACHE=$CACHE/go/mod GOCACHE=$CACHE/go/build GOFLAGS=-buildvcs=false GOTOOLCHAIN=local
NICE=(nice -n 19)

command -v go >/dev/null || { echo "build.sh: 'go' (>= 1.24) is required" >&2; exit 1; }
mkdir -p "$BIN" "$CACHE/src"

# One build at a time (the kube-apiserver alone peaks at ~2.2 GB).
exec 9>"$CACHE/.build.lock"
flock 9

say() { echo "cluster-check: $*" >&2; }

# timed NAME CMD...: runs CMD and records its wall time in $CACHE/build-times.txt
timed() {
  local name=$1 start=$SECONDS; shift
  "$@"
  echo "$name $((SECONDS - start))s $(date -u +%FT%TZ)" >> "$CACHE/build-times.txt"
  say "$name built in $((SECONDS - start))s"
}

moddir() { go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'; }

k8s_dir=$BIN/kubernetes-$K8S_VERSION
k8s_cmds=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
kwok=$BIN/kwok-$KWOK_VERSION/kwok
skaffold=$BIN/skaffold-$SKAFFOLD_VERSION/skaffold

missing=()
for c in "${k8s_cmds[@]}"; do [ -x "$k8s_dir/$c" ] || missing+=("$c"); done
[ -x "$kwok" ] || missing+=(kwok)
[ -x "$skaffold" ] || missing+=(skaffold)
if [ ${#missing[@]} -gt 0 ]; then
  say "building ${missing[*]} from the Go module proxy into $CACHE (first time only: 20-30 min on 2 cores, 2.2 GB peak; then cached)"
fi

build_k8s() {
  local c=$1 src=$CACHE/src/kubernetes-$K8S_VERSION
  local v=k8s.io/component-base/version minor=${K8S_VERSION#1.}
  minor=${minor%%.*}
  if [ ! -f "$src/go.sum" ]; then
    mkdir -p "$src"
    local gomod
    gomod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
    {
      printf 'module ticketingk8s\n\ngo 1.24\n\nrequire k8s.io/kubernetes v%s\n\nreplace (\n' "$K8S_VERSION"
      awk -v v="v0.${K8S_VERSION#1.}" '$2 == "=>" && $3 ~ /^\.\/staging\// { print "\t" $1 " => " $1 " " v }' "$gomod"
      printf ')\n'
    } > "$src/go.mod.tmp"
    mv "$src/go.mod.tmp" "$src/go.mod"
    local pkgs=() p
    for p in "${k8s_cmds[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$p@v$K8S_VERSION"); done
    (cd "$src" && go get "${pkgs[@]}" >&2)
  fi
  # Without the version stamped in, the server says v0.0.0-master+$Format:%H$, which kubectl refuses.
  (cd "$src" && "${NICE[@]}" go build -trimpath \
    -ldflags "-s -w -X $v.gitVersion=v$K8S_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean" \
    -o "$k8s_dir/$c.tmp" "k8s.io/kubernetes/cmd/$c")
  mv "$k8s_dir/$c.tmp" "$k8s_dir/$c"
}

build_kwok() {
  GOBIN=$CACHE/src/kwok-$KWOK_VERSION "${NICE[@]}" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  mkdir -p "$(dirname "$kwok")"
  mv "$CACHE/src/kwok-$KWOK_VERSION/kwok" "$kwok"
}

build_skaffold() {
  local src=$CACHE/src/skaffold-$SKAFFOLD_VERSION
  if [ ! -f "$src/go.mod" ]; then
    local d
    d=$(moddir "github.com/GoogleContainerTools/skaffold/v2@$SKAFFOLD_VERSION")
    mkdir -p "$src"
    cp -R "$d/." "$src/"
    chmod -R u+w "$src"
  fi
  (cd "$src" && "${NICE[@]}" go build -trimpath \
    -ldflags "-s -w -X github.com/GoogleContainerTools/skaffold/v2/pkg/skaffold/version.version=$SKAFFOLD_VERSION" \
    -o "$skaffold.tmp" ./cmd/skaffold)
  mv "$skaffold.tmp" "$skaffold"
}

mkdir -p "$k8s_dir" "$(dirname "$skaffold")"
for c in "${k8s_cmds[@]}"; do
  [ -x "$k8s_dir/$c" ] || timed "$c" build_k8s "$c"
done
[ -x "$kwok" ] || timed kwok build_kwok
[ -x "$skaffold" ] || timed skaffold build_skaffold
gateway_api=$(moddir "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION")
gke_prometheus=$(moddir "github.com/GoogleCloudPlatform/prometheus-engine@$GKE_PROMETHEUS_VERSION")
prometheus_operator=$(moddir "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION")

for c in "${k8s_cmds[@]}"; do echo "${c//-/_}=$k8s_dir/$c"; done
echo "kwok=$kwok"
echo "skaffold=$skaffold"
echo "gateway_api_crds=$gateway_api/config/crd/standard"
echo "gateway_api_version=$GATEWAY_API_VERSION"
echo "gke_prometheus_crds=$gke_prometheus/charts/operator/crds"
echo "gke_prometheus_version=$GKE_PROMETHEUS_VERSION"
echo "prometheus_operator_crds=$prometheus_operator/example/prometheus-operator-crd"
echo "prometheus_operator_version=$PROMETHEUS_OPERATOR_VERSION"
echo "k8s_version=$K8S_VERSION"
echo "skaffold_version=$SKAFFOLD_VERSION"
