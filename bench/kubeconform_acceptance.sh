#!/usr/bin/env bash
# Run kubeconform's own acceptance suites (acceptance.bats, acceptance-nonetwork.bats) against
# `fleetform validate`, as a user pointing bin/kubeconform at it would. Run by hand, not in tests.
#
#   bash bench/kubeconform_acceptance.sh [KUBECONFORM_GIT_DIR]
#
# KUBECONFORM_GIT_DIR: a git directory of github.com/yannh/kubeconform (default: the snapshot the search
# tool's `fetch github:yannh/kubeconform` leaves in /work/.mirror). Nothing of it is copied into this
# repository: the suites and fixtures are exported into a temporary folder. fixtures/valid_large.yaml
# (100,000 resources, over the snapshot's file size limit) is generated there. Needs `bats` and `xmllint`
# (Debian: bats, libxml2-utils). Prints the TAP of both suites, then "N of M pass", with the tests that
# need the network (they cannot pass offline) counted apart.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
git_dir=${1:-/work/.mirror/yannh+kubeconform/repo}
python=${PYTHON:-$repo/.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

commit=$(git --git-dir="$git_dir" rev-parse HEAD)
git --git-dir="$git_dir" ls-tree -r --name-only HEAD acceptance.bats acceptance-nonetwork.bats fixtures |
  while read -r path; do
    mkdir -p "$work/$(dirname "$path")"
    git --git-dir="$git_dir" cat-file -p "HEAD:$path" > "$work/$path" 2>/dev/null || rm -f "$work/$path"
  done
"$python" - "$work/fixtures/valid_large.yaml" <<'EOF'
import sys

doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  key: value-{i}\n"
with open(sys.argv[1], "w") as out:
    out.write("---\n".join(doc.format(i=i) for i in range(100_000)))
EOF
mkdir -p "$work/bin"
cat > "$work/bin/kubeconform" <<EOF
#!/usr/bin/env bash
exec "$python" -c 'import sys; from fleetform.commands.validate import run; sys.exit(run(sys.argv[2:], prog=sys.argv[1]))' "\$0" "\$@"
EOF
chmod +x "$work/bin/kubeconform"

# The tests that download schemas (or test a proxy): kubeconform needs the network for them too.
network='valid HTTP -schema-location|schemas with HTTP references|openshift manifests|and store cache|404 is not cached|HTTP references should be cached|HTTPS_PROXY|does not have the JSONSchema set'

echo "kubeconform $commit"
cd "$work"
for suite in acceptance.bats acceptance-nonetwork.bats; do
  bats --tap "$suite" | tee -a tap.txt || true
done
total=$(grep -cE '^(ok|not ok) ' tap.txt)
passed=$(grep -cE '^ok ' tap.txt)
net=$(grep -E '^(ok|not ok) ' tap.txt | grep -cE "$network" || true)
net_passed=$(grep -E '^ok ' tap.txt | grep -cE "$network" || true)
echo "$passed of $total pass ($((passed - net_passed)) of $((total - net)) offline tests;" \
  "$net_passed of $net network tests)"
echo "failing offline tests:"
grep -E '^not ok ' tap.txt | grep -vE "$network" || echo "  (none)"
