#!/usr/bin/env bash
# npm run test:cluster: the Kubernetes side of the project against a real control plane on
# loopback, with no container runtime. Binaries come from build.sh (built once, then cached).
#
#   1. etcd + kube-apiserver (default admission plugins, PodSecurity included); the Gateway API
#      CRDs the README's Envoy Gateway bundles; every other kind the overlays use must be served.
#   2. Every overlay applied server-side with strict field validation into its own namespace
#      (its own Namespace object, renamed): an error or a warning fails. Broken controls must fail
#      the same way.
#   3. kube-controller-manager, kube-scheduler and kwok with three nodes in three zones (sized like
#      the README's e2-standard-4): every pod scheduled, NATS in three zones, endpoints on every
#      Service port, every budget and autoscaler on its pods, a node drain within the budgets.
#   4. skaffold diagnose --yaml-only and render --offline for the default config and every
#      profile, each render equal to kubectl kustomize of its overlay; the README's gke command's
#      image names.
#
# Needs Go (>= 1.24), etcd (Debian: etcd-server), openssl, node, git; loopback only.
# Env: CLUSTER_CHECK_KEEP=1 keeps the logs directory (it is kept anyway on a failure).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WAIT=${CLUSTER_CHECK_WAIT_SECONDS:-120}

command -v etcd > /dev/null || { echo "cluster-check: etcd not found (Debian: apt-get install etcd-server)" >&2; exit 1; }
for tool in openssl node git; do
  command -v "$tool" > /dev/null || { echo "cluster-check: $tool not found" >&2; exit 1; }
done

declare -A BIN
binaries=$(bash "$HERE/build.sh")
while IFS='=' read -r name value; do BIN[$name]=$value; done <<< "$binaries"
KUBECTL=${BIN[kubectl]}

RUN=$(mktemp -d "${TMPDIR:-/tmp}/cluster-check.XXXXXX")
export KUBECONFIG=$RUN/kubeconfig
PIDS=()
PASSED=0
FAILED=0
START=$SECONDS

cleanup() {
  local status=$? i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[$i]}" 2>/dev/null || true
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
  if [ "$status" = 0 ] && [ "${CLUSTER_CHECK_KEEP:-0}" != 1 ]; then
    rm -rf "$RUN"
  else
    echo "cluster-check: logs in $RUN"
  fi
}
trap cleanup EXIT

k() { "$KUBECTL" "$@"; }

# One snapshot of the working tree (tracked and untracked files, not ignored ones) for every part,
# whatever changes in the tree meanwhile.
PROJECT=$RUN/project
mkdir -p "$PROJECT"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null -cf - -T -) | tar -C "$PROJECT" -xf -
# The overlays generate Secrets from git-ignored *.env files; a developer's own are never read: the
# committed *.env.example files stand in.
find "$PROJECT/infra/k8s" -name '*.env' -delete
while IFS= read -r example; do cp "$example" "${example%.example}"; done < <(find "$PROJECT/infra/k8s" -name '*.env.example')

# check NAME CMD...: one named check; CMD's output is shown only when it fails.
check() {
  local name=$1 out start=$SECONDS
  shift
  if out=$("$@" 2>&1); then
    PASSED=$((PASSED + 1))
    echo "ok - $name ($((SECONDS - start))s)"
  else
    FAILED=$((FAILED + 1))
    echo "FAIL - $name ($((SECONDS - start))s)"
    sed 's/^/    /' <<< "$out"
  fi
}

# refused NAME PATTERN CMD...: a control: CMD must fail, saying PATTERN.
refused() {
  local name=$1 pattern=$2 out start=$SECONDS
  shift 2
  if out=$("$@" 2>&1); then
    FAILED=$((FAILED + 1))
    echo "FAIL - $name: accepted ($((SECONDS - start))s)"
    sed 's/^/    /' <<< "$out"
  elif ! grep -Eq -- "$pattern" <<< "$out"; then
    FAILED=$((FAILED + 1))
    echo "FAIL - $name: refused, but not saying /$pattern/ ($((SECONDS - start))s)"
    sed 's/^/    /' <<< "$out"
  else
    PASSED=$((PASSED + 1))
    echo "ok - $name ($((SECONDS - start))s)"
  fi
}

# until_true SECONDS CMD...: polls CMD once a second until it succeeds; then prints its last output.
until_true() {
  local deadline=$((SECONDS + $1)) out
  shift
  while :; do
    if out=$("$@" 2>&1); then return 0; fi
    if [ $SECONDS -ge $deadline ]; then
      echo "$out"
      return 1
    fi
    sleep 1
  done
}

free_ports() {
  node -e '
    const net = require("node:net");
    const servers = Array.from({ length: Number(process.argv[1]) }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", () => ok(s.address().port)))))
      .then((ports) => { console.log(ports.join(" ")); servers.forEach((s) => s.close()); });
  ' "$1"
}

# ---------------------------------------------------------------------------------------------
# 1. The control plane
read -r P_ETCD P_PEER P_API P_KCM P_SCHED P_KWOK < <(free_ports 6)
PKI=$RUN/pki
mkdir -p "$PKI"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=cluster-check -keyout "$PKI/api.key" \
  -out "$PKI/api.crt" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
TOKEN=$(openssl rand -hex 16)
echo "$TOKEN,admin,admin,system:masters" > "$PKI/tokens.csv"

etcd --name check --data-dir "$RUN/etcd" \
  --listen-client-urls "http://127.0.0.1:$P_ETCD" --advertise-client-urls "http://127.0.0.1:$P_ETCD" \
  --listen-peer-urls "http://127.0.0.1:$P_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$P_PEER" \
  --initial-cluster "check=http://127.0.0.1:$P_PEER" --log-level warn > "$RUN/etcd.log" 2>&1 &
PIDS+=($!)

# The service range is only allocated from, never routed: no traffic leaves loopback.
"${BIN[kube_apiserver]}" --etcd-servers "http://127.0.0.1:$P_ETCD" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$P_API" \
  --tls-cert-file "$PKI/api.crt" --tls-private-key-file "$PKI/api.key" --client-ca-file "$PKI/api.crt" \
  --token-auth-file "$PKI/tokens.csv" --authorization-mode Node,RBAC \
  --service-account-issuer https://kubernetes.default.svc \
  --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 --cert-dir "$RUN/apiserver-certs" \
  > "$RUN/kube-apiserver.log" 2>&1 &
PIDS+=($!)

k config set-cluster check --server "https://127.0.0.1:$P_API" --certificate-authority "$PKI/api.crt" --embed-certs >/dev/null
k config set-credentials admin --token "$TOKEN" >/dev/null
k config set-context check --cluster check --user admin >/dev/null
k config use-context check >/dev/null

if ! until_true "$WAIT" k get --raw /readyz >/dev/null; then
  echo "cluster-check: kube-apiserver not ready after ${WAIT}s; see $RUN/kube-apiserver.log" >&2
  FAILED=1
  exit 1
fi
echo "cluster-check: kube-apiserver ${BIN[k8s_version]} ready on 127.0.0.1:$P_API after $((SECONDS - START))s ($(etcd --version | head -1))"

# The controllers now: the namespaces' default accounts come from them. The nodes' health is not what
# is checked: kwok 0.7.0 failed to renew their leases on this machine ("lease already exists"), and
# with a 40 s grace period every simulated node was tainted unreachable in the middle of the run.
"${BIN[kube_controller_manager]}" --kubeconfig "$KUBECONFIG" --bind-address 127.0.0.1 --secure-port "$P_KCM" \
  --leader-elect=false --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/api.crt" \
  --use-service-account-credentials=false --controllers '*' --node-monitor-grace-period 1h \
  > "$RUN/kube-controller-manager.log" 2>&1 &
PIDS+=($!)
"${BIN[kube_scheduler]}" --kubeconfig "$KUBECONFIG" --bind-address 127.0.0.1 --secure-port "$P_SCHED" \
  --leader-elect=false > "$RUN/kube-scheduler.log" 2>&1 &
PIDS+=($!)
# kwok plays the kubelets of the nodes annotated for it: pods start Running and Ready at once. The
# node and pod addresses it hands out exist only in the API objects: nothing is ever sent to them.
"${BIN[kwok]}" --kubeconfig "$KUBECONFIG" --manage-all-nodes=false \
  --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --cidr 10.0.0.1/24 --node-ip 10.0.0.1 --node-lease-duration-seconds 40 \
  --server-address "127.0.0.1:$P_KWOK" > "$RUN/kwok.log" 2>&1 &
PIDS+=($!)

# Kinds that have no schema to be had: a schema-less stand-in lets the rest apply.
cat > "$RUN/standins.yaml" <<'EOF'
# GKE's HealthCheckPolicy: Google publishes no CRD schema for it. Accepts any spec.
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: healthcheckpolicies.networking.gke.io
spec:
  group: networking.gke.io
  scope: Namespaced
  names: { plural: healthcheckpolicies, singular: healthcheckpolicy, kind: HealthCheckPolicy, listKind: HealthCheckPolicyList }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true }
EOF
install_crds() {
  local crds=(-f "$RUN/standins.yaml") f
  for f in "${BIN[gateway_api_crds]}"/*.yaml "${BIN[gke_prometheus_crds]}"/*.yaml "${BIN[prometheus_operator_crds]}"/*.yaml; do
    crds+=(-f "$f")
  done
  k apply --server-side "${crds[@]}" > /dev/null && k wait --for condition=Established --timeout "${WAIT}s" crd --all
}
check "when the CRDs of the Gateway API ${BIN[gateway_api_version]} (standard), GKE's managed Prometheus ${BIN[gke_prometheus_version]}, the Prometheus Operator ${BIN[prometheus_operator_version]} and the schema-less HealthCheckPolicy stand-in are applied, then they are established" install_crds

# ---------------------------------------------------------------------------------------------
# 2. Every overlay, server-side, strict, in its own namespace
k apply --server-side -f "$PROJECT/infra/k8s/local/envoy-gateway-class.yaml" > /dev/null
K8S=$RUN/k8s
cp -R "$PROJECT/infra/k8s" "$K8S"
OVERLAYS=()
for dir in "$K8S"/overlays/*/; do OVERLAYS+=("$(basename "$dir")"); done

# apply_clean FILE [ARGS]: server-side apply with strict validation; any error or warning fails.
apply_clean() {
  local err
  err=$(k apply --server-side --field-manager cluster-check --validate=strict -f "$@" 2>&1 >/dev/null) || {
    echo "$err"
    return 1
  }
  if [ -n "$err" ]; then
    echo "$err"
    return 1
  fi
}

# The overlay renamed into namespace ticketing-<overlay> by kustomize itself (its Namespace too).
for o in "${OVERLAYS[@]}"; do
  mkdir -p "$K8S/check-$o"
  printf 'namespace: ticketing-%s\nresources:\n  - ../overlays/%s\n' "$o" "$o" > "$K8S/check-$o/kustomization.yaml"
  k kustomize "$K8S/overlays/$o" > "$RUN/$o.yaml"
  k kustomize "$K8S/check-$o" > "$RUN/$o.applied.yaml"
done

# kinds_served FILE...: every kind of the rendered objects in FILEs is served by the API server.
kinds_served() {
  local file kind missing=()
  for file in "$@"; do
    while read -r kind; do
      k explain "$kind" > /dev/null 2>&1 || missing+=("$kind ($(basename "$file"))")
    done < <(sed -n 's/^kind: //p' "$file" | sort -u)
  done
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'no CRD served for %s\n' "${missing[@]}"
    return 1
  fi
}
rendered=()
for o in "${OVERLAYS[@]}"; do rendered+=("$RUN/$o.yaml"); done
check "when every overlay is rendered, then every kind it uses is served by the API server" kinds_served "${rendered[@]}"

restricted() {
  local label='pod-security\.kubernetes\.io' levels
  levels=$(k get namespace "$1" -o jsonpath="{.metadata.labels.$label/enforce}/{.metadata.labels.$label/warn}/{.metadata.labels.$label/audit}")
  [ "$levels" = restricted/restricted/restricted ] || {
    echo "enforce/warn/audit: $levels"
    return 1
  }
}
for o in "${OVERLAYS[@]}"; do
  check "when $o is applied server-side with strict validation, then nothing is refused and nothing warned" \
    apply_clean "$RUN/$o.applied.yaml"
  check "when $o is applied, then its Namespace enforces, warns and audits Pod Security restricted" restricted "ticketing-$o"
done

# Controls, in the dev overlay's namespace (labelled by its own Namespace object): each must be
# refused, or warned about, by the same apply (a server-side dry run), so that a clean apply above
# means something.
control() {
  local file=$RUN/control-$1.yaml
  cat > "$file"
  echo "$file"
}
NS=ticketing-dev
# The ServiceAccount admission needs the namespace's default account, made by the controller-manager.
until_true "$WAIT" k get serviceaccount default -n "$NS" > /dev/null
refused "control: when a pod without a security context is applied, then Pod Security refuses it" \
  'violates PodSecurity "restricted' apply_clean "$(control pod <<EOF
apiVersion: v1
kind: Pod
metadata: { name: control-no-security-context, namespace: $NS }
spec:
  containers: [{ name: c, image: busybox:1.37.0 }]
EOF
)" --dry-run=server
refused "control: when a Deployment of such pods is applied, then the apply warns, which fails it" \
  'Warning: would violate PodSecurity' apply_clean "$(control deployment <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: { name: control-no-security-context, namespace: $NS }
spec:
  selector: { matchLabels: { app: control } }
  template:
    metadata: { labels: { app: control } }
    spec:
      containers: [{ name: c, image: busybox:1.37.0 }]
EOF
)" --dry-run=server
refused "control: when a Gateway has TLS on its HTTP listener, then the CRD's CEL rule refuses it" \
  'tls must not be specified for protocols' apply_clean "$(control gateway <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: control-tls-on-http, namespace: $NS }
spec:
  gatewayClassName: eg
  listeners:
    - { name: http, protocol: HTTP, port: 80, tls: { mode: Terminate, certificateRefs: [{ name: x }] } }
EOF
)" --dry-run=server
refused "control: when a field is misspelt, then strict field validation refuses it" \
  '\.protocl: field not declared in schema' apply_clean "$(control field <<EOF
apiVersion: v1
kind: Service
metadata: { name: control-misspelt, namespace: $NS }
spec:
  selector: { app: control }
  ports: [{ port: 80, targetPort: http, protocl: TCP }]
EOF
)" --dry-run=server
printf 'apiVersion: example.com/v1\nkind: Unheard\n' > "$RUN/control-kind.yaml"
refused "control: when a kind without a CRD is rendered, then the kinds check names it" \
  'no CRD served for Unheard' kinds_served "$RUN/control-kind.yaml"

# ---------------------------------------------------------------------------------------------
# 3. Three simulated nodes in three zones
# GKE's e2-standard-4 (the README's machine type): 4 vCPU, 16 GB, of which pods get about this.
ZONES=(a b c)
for i in 0 1 2; do
  cat <<EOF
apiVersion: v1
kind: Node
metadata:
  name: node-${ZONES[$i]}
  annotations: { kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0" }
  labels:
    kubernetes.io/hostname: node-${ZONES[$i]}
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/region: region-1
    topology.kubernetes.io/zone: zone-${ZONES[$i]}
    type: kwok
status:
  allocatable: { cpu: 3920m, memory: 13Gi, pods: "110", ephemeral-storage: 80Gi }
  capacity: { cpu: "4", memory: 16Gi, pods: "110", ephemeral-storage: 100Gi }
  nodeInfo: { architecture: amd64, operatingSystem: linux, kubeletVersion: "v${BIN[k8s_version]}", kernelVersion: kwok, osImage: kwok, containerRuntimeVersion: kwok, kubeProxyVersion: kwok, bootID: "", machineID: "", systemUUID: "" }
---
EOF
done > "$RUN/nodes.yaml"
echo "$(k apply -f "$RUN/nodes.yaml" | wc -l) nodes" > "$RUN/nodes.txt"
echo "cluster-check: 3 simulated nodes, zones a b c"

# No storage provisioner: volumes that exist beforehand (no class) are bound to the claims.
for i in $(seq 1 40); do
  printf 'apiVersion: v1\nkind: PersistentVolume\nmetadata: { name: pv-%s }\nspec: { capacity: { storage: 50Gi }, accessModes: [ReadWriteOnce], persistentVolumeReclaimPolicy: Retain, storageClassName: "", hostPath: { path: /nonexistent/pv-%s } }\n---\n' "$i" "$i"
done > "$RUN/volumes.yaml"
k apply -f "$RUN/volumes.yaml" > /dev/null

STATE=$RUN/state.json
# inspect SUBCOMMAND [ARGS]: the subcommand on a fresh snapshot of the cluster.
inspect() {
  k get nodes,pods,deployments,replicasets,statefulsets,services,endpointslices,poddisruptionbudgets,horizontalpodautoscalers -A -o json > "$STATE"
  node "$HERE/inspect.mjs" "$1" "$STATE" "${@:2}"
}
settled() { until_true "$WAIT" inspect "$@"; }

check "when the controllers run on three nodes, then every pod of every overlay is scheduled and every workload is ready" settled scheduled
check "when gke runs, then the NATS servers and every app's replicas are spread over the three zones" settled zones ticketing-gke
check "when every overlay runs, then every Service port has a ready endpoint on a named port that exists" settled endpoints
check "when gke runs, then every disruption budget finds its pods and every autoscaler its target" settled budgets

# Controls for the simulation, in a namespace of their own.
CONTROLS=cluster-check-controls
k create namespace "$CONTROLS" > /dev/null
k apply -f - > /dev/null <<EOF2
apiVersion: apps/v1
kind: Deployment
metadata: { name: control-budget, namespace: $CONTROLS }
spec:
  selector: { matchLabels: { app: control-budget } }
  template:
    metadata: { labels: { app: control-budget } }
    spec:
      nodeSelector: { kubernetes.io/hostname: node-a }
      containers: [{ name: c, image: busybox:1.37.0, ports: [{ name: http, containerPort: 80 }] }]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: control-budget, namespace: $CONTROLS }
spec:
  maxUnavailable: 0
  selector: { matchLabels: { app: control-budget } }
---
apiVersion: v1
kind: Service
metadata: { name: control-port, namespace: $CONTROLS }
spec:
  selector: { app: control-budget }
  ports: [{ name: http, port: 80, targetPort: htp }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: control-too-big, namespace: $CONTROLS }
spec:
  selector: { matchLabels: { app: control-too-big } }
  template:
    metadata: { labels: { app: control-too-big } }
    spec:
      containers: [{ name: c, image: busybox:1.37.0, resources: { requests: { cpu: "64" } } }]
EOF2
control_running() { [ "$(k get pods -n "$CONTROLS" -l app=control-budget -o jsonpath='{.items[0].status.phase}')" = Running ]; }
until_true "$WAIT" control_running > /dev/null || true
controls_only() { NAMESPACE_PREFIX=$CONTROLS WAIT=10 settled "$@"; }
refused "control: when a pod cannot fit on any node, then the scheduling check names it" \
  'control-too-big.*not scheduled: 0/3 nodes are available: 3 Insufficient cpu' controls_only scheduled
refused "control: when a Service's named target port exists in no container, then the endpoints check names it" \
  'control-port port http \(target htp\): no ready endpoint' controls_only endpoints
refused "control: when a budget allows no disruption, then draining its pod's node fails" \
  "Cannot evict pod as it would violate the pod's disruption budget" \
  k drain node-a --pod-selector app=control-budget --timeout 15s
k uncordon node-a > /dev/null
# The budget goes at once, so the drain below is not held by it; the rest goes in the background.
k delete poddisruptionbudget control-budget -n "$CONTROLS" > /dev/null
k delete namespace "$CONTROLS" --wait=false > /dev/null

# One app as its autoscaler scales it under load: a replica in every zone, so that the drain below
# leaves its evicted replica only zones that already have one.
k scale deployment tickets -n ticketing-gke --replicas 3 > /dev/null
check "when gke's tickets runs three replicas, then they are in three zones" settled zones ticketing-gke

# The drain: evictions go through the budgets; the evicted replicas must find room on the nodes
# left (the zone rule must not count the cordoned node), NATS keeps two of its three servers.
drained_budgets_hold() {
  k drain node-a --ignore-daemonsets --delete-emptydir-data --timeout "${WAIT}s" > "$RUN/drain.log" 2>&1 || {
    cat "$RUN/drain.log"
    return 1
  }
  settled budgets
}
# Only the drained NATS server waits: its anti-affinity wants a third node.
deployments_ready() {
  ! inspect scheduled | grep -v '^ticketing-gke/Pod/nats-\|^ticketing-gke/StatefulSet/nats:'
}
check "when node-a (zone a) is drained, then the drain completes and every disruption budget still holds" drained_budgets_hold
check "when node-a is drained, then every Deployment's replicas are running again on the other nodes" until_true "$WAIT" deployments_ready
k uncordon node-a > /dev/null
# Nothing moves the apps' replicas back (that would take a descheduler); NATS's waiting server does.
back_in_three_zones() { settled scheduled && settled zones ticketing-gke nats; }
check "when node-a is back, then every workload is ready again and NATS is in three zones again" back_in_three_zones

# ---------------------------------------------------------------------------------------------
# 4. skaffold: the effective config and the render of every profile
mkdir -p "$RUN/home" "$RUN/path"
# skaffold's gitCommit tagger needs a repository; a throwaway one with the snapshot.
(cd "$PROJECT" && git init -q && git add -A && git -c user.name=check -c user.email=check@localhost commit -qm check)
# skaffold renders with the kubectl (kustomize) it finds first on PATH: the one checked here.
ln -s "$KUBECTL" "$RUN/path/kubectl"
sk() { (cd "$PROJECT" && PATH="$RUN/path:$PATH" HOME=$RUN/home SKAFFOLD_UPDATE_CHECK=false "${BIN[skaffold]}" "$@"); }
sk config set --global collect-metrics false > /dev/null 2>&1

# render_matches PROFILES OVERLAY: skaffold's render (images as written) equals kubectl kustomize.
render_matches() {
  local tag=${1:-default}
  sk render ${1:+-p "$1"} --offline=true --digest-source=none --output "$RUN/skaffold-$tag.yaml" > "$RUN/skaffold-$tag.log" 2>&1 || {
    cat "$RUN/skaffold-$tag.log"
    return 1
  }
  node "$HERE/inspect.mjs" same-objects "$RUN/skaffold-$tag.yaml" "$RUN/$2.yaml"
}
diagnosed() {
  sk diagnose --yaml-only ${1:+-p "$1"} > "$RUN/diagnose-${1:-default}.yaml" 2> "$RUN/diagnose-${1:-default}.err" || {
    cat "$RUN/diagnose-${1:-default}.err"
    return 1
  }
}
for spec in ":dev" "dev:dev" "ingress:dev-ingress" "gke:gke" "gke,gcb:gke"; do
  profiles=${spec%%:*}
  overlay=${spec#*:}
  check "when skaffold ${profiles:+-p $profiles }reads skaffold.yaml, then diagnose --yaml-only accepts the effective config" diagnosed "$profiles"
  check "when skaffold ${profiles:+-p $profiles }renders offline, then it renders exactly kubectl kustomize of $overlay" render_matches "$profiles" "$overlay"
done
# cloud_build: every image of the build section (one per app) built by Cloud Build.
cloud_build() {
  local config=$RUN/diagnose-gke,gcb.yaml apps
  apps=$(grep -c '^    - image: ticketing/' "$PROJECT/skaffold.yaml")
  grep -q '^  googleCloudBuild:' "$config" && ! grep -q '^  local:' "$config" &&
    grep -q 'linux/amd64' "$config" && [ "$(grep -c -- '- image: ticketing/' "$config")" = "$apps" ] || {
    cat "$config"
    return 1
  }
}
check "when skaffold runs with -p gke,gcb, then Cloud Build builds every app's image for a target platform" cloud_build

# images_in_registry DEFAULT_REPO: skaffold's gke render names every image
# europe-west1-docker.pkg.dev/example-project/ticketing/<app>:<tag>.
images_in_registry() {
  local repo=$1 apps
  sk render -p gke --offline=true --digest-source=tag --default-repo="$repo" --output "$RUN/skaffold-images.yaml" > "$RUN/skaffold-images.log" 2>&1 || {
    cat "$RUN/skaffold-images.log"
    return 1
  }
  apps=$(sed -n 's/^    - image: ticketing\///p' "$PROJECT/skaffold.yaml" | tr '\n' ' ')
  node "$HERE/inspect.mjs" images "$RUN/skaffold-images.yaml" europe-west1-docker.pkg.dev/example-project/ticketing "${apps% }"
}
# The README's deploy command, with a real region and project for its variables.
README_REPO=$(sed -n 's/^skaffold run -p gke --default-repo "\([^"]*\)"$/\1/p' "$PROJECT/README.md" | head -1)
README_REPO=${README_REPO//\$REGION/europe-west1}
README_REPO=${README_REPO//\$PROJECT_ID/example-project}
check "when the README's skaffold run -p gke --default-repo renders, then every image is REGION-docker.pkg.dev/PROJECT/ticketing/<app>" \
  images_in_registry "${README_REPO:-the README has no skaffold run -p gke --default-repo command}"
refused "control: when the default repo names the repository too, then the images check finds ticketing twice" \
  'no image .*/ticketing/auth:<tag> among europe-west1-docker.pkg.dev/example-project/ticketing/ticketing/auth' \
  images_in_registry europe-west1-docker.pkg.dev/example-project/ticketing

sed 's|^  - name: gke$|  - name: broken\n    patches:\n      - { op: replace, path: /build/artifacts/9/docker/target, value: x }\n  - name: gke|' \
  "$PROJECT/skaffold.yaml" > "$PROJECT/skaffold-broken.yaml"
refused "control: when a skaffold profile patches a path that does not exist, then diagnose refuses it" \
  '/build/artifacts/9' sk diagnose --yaml-only -f skaffold-broken.yaml -p broken

echo "cluster-check: $((SECONDS - START))s"
echo "cluster check: $PASSED of $((PASSED + FAILED)) checks passed ($FAILED failed)"
[ "$FAILED" = 0 ]
