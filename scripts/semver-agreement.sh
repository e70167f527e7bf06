#!/usr/bin/env bash
# How far `cargo xtask diff` agrees with cargo-semver-checks on what breaks
# for Rust callers of the generated crate.
#
# For each pair of documents (the small pairs of generator/tests/diff/, base
# against each case, and WAHA 2024.9.2 → 2024.10.8 served → 2026.7.1 from
# ../shared/specs), generate the crate of both (same name and version), run
# `cargo xtask diff --json` on the documents and `cargo semver-checks
# check-release --release-type patch` on the crates, and print one row per
# pair: our Rust breaking changes and verdict, semver-checks' failed lints,
# and whether both say "breaking" or both say "not breaking".
#
# Needs `cargo install cargo-semver-checks --locked` (0.51 measured). The first
# pair builds the dependencies' rustdoc (minutes); each later one takes
# seconds. Usage: scripts/semver-agreement.sh [small|waha|all] [REPORT.md]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
which_pairs=${1:-all}
report=${2:-target/semver-agreement/report.md}
work=$root/target/semver-agreement
mkdir -p "$work"
cargo build --quiet -p xtask
xtask=$root/target/debug/xtask
command -v cargo-semver-checks >/dev/null || {
    echo "cargo-semver-checks is not installed: cargo install cargo-semver-checks --locked" >&2
    exit 1
}

pairs=()
if [[ $which_pairs == small || $which_pairs == all ]]; then
    for case in generator/tests/diff/*.json; do
        name=$(basename "$case" .json)
        [[ $name == base ]] && continue
        pairs+=("$name generator/tests/diff/base.json $case")
    done
fi
if [[ $which_pairs == waha || $which_pairs == all ]]; then
    pairs+=("waha-2024.9.2-to-2024.10.8 ../shared/specs/waha-2024.9.2.json ../shared/specs/waha-2024.10.8.served.json")
    pairs+=("waha-2024.10.8-to-2026.7.1 ../shared/specs/waha-2024.10.8.served.json ../shared/specs/waha-2026.7.1.json")
fi

printf '| pair | diff: Rust breaking / other, verdict | cargo-semver-checks: failed lints (major/minor) | agree |\n|---|---|---|---|\n' > "$report"
agree=0
total=0
for pair in "${pairs[@]}"; do
    read -r name old new <<<"$pair"
    dir=$work/$name
    rm -rf "$dir/old" "$dir/new"
    mkdir -p "$dir"
    "$xtask" codegen --spec "$old" --out "$dir/old" --name pair-client --workspace >/dev/null
    "$xtask" codegen --spec "$new" --out "$dir/new" --name pair-client --workspace >/dev/null
    "$xtask" diff --json "$old" "$new" >"$dir/diff.json"
    status=0
    (cd "$dir" && CARGO_TARGET_DIR=$work/target cargo semver-checks check-release \
        --manifest-path new/Cargo.toml --baseline-root old --release-type patch) \
        >"$dir/semver-checks.txt" 2>&1 || status=$?
    row=$(python3 - "$dir/diff.json" "$dir/semver-checks.txt" "$status" <<'PY'
import json, re, sys
diff = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
status = int(sys.argv[3])
rust = [c for c in diff["changes"] if c["audience"] == "rust"]
breaking = [c for c in rust if c["breaking"]]
ours = bool(breaking)
lints = sorted(set(re.findall(r"--- failure ([a-z_0-9]+):", text)))
summary = re.search(r"(\d+) major and (\d+) minor checks failed", text)
major = int(summary.group(1)) if summary else 0
minor = int(summary.group(2)) if summary else 0
if status != 0 and not summary:
    print("ERROR|semver-checks failed: " + text.strip().splitlines()[-1][:120])
    sys.exit()
theirs = major > 0
kinds = sorted(set(c["kind"] for c in breaking))
print("|".join([
    "yes" if ours == theirs else "NO",
    f"{len(breaking)} / {len(rust) - len(breaking)}, {diff['verdict']}" + (f" ({', '.join(kinds)})" if kinds else ""),
    f"{', '.join(lints) or 'none'} ({major}/{minor})",
]))
PY
)
    IFS='|' read -r verdict ours theirs <<<"$row"
    if [[ $verdict == ERROR ]]; then
        echo "$name: $ours" >&2
        printf '| %s | %s | %s | %s |\n' "$name" "-" "$ours" "error" >>"$report"
        continue
    fi
    total=$((total + 1))
    [[ $verdict == yes ]] && agree=$((agree + 1))
    printf '| %s | %s | %s | %s |\n' "$name" "$ours" "$theirs" "$verdict" >>"$report"
    echo "$name: $verdict" >&2
done
printf '\n%s of %s pairs agree on whether the change breaks Rust callers.\n' "$agree" "$total" >>"$report"
cat "$report"
