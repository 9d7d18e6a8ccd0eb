#!/usr/bin/env bash
# Runs tenant-audit and the peer script (../shared/peer/peer_audit.py, or
# $PEER_DIR) side by side on the same generated data and prints the time
# ratios and peak memory. Both run in the same invocation, one after the
# other, so a busy machine slows both alike; absolute times mislead.
#
# usage: tools/bench-peer.sh [scenario...]
#   scenarios: all-users (100k users, --all-users), huge (1M users, 2k
#   admins), batch (1,000 tenants of 200 users), threads (the batch at
#   --threads 1 and 2). Default: all four.
#
# Needs python3 (a venv with pandas, phonenumbers, openpyxl, xlsxwriter is
# made in $WORK/peer-venv on first use) and GNU time (/usr/bin/time).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
peer_dir="${PEER_DIR:-$here/../shared/peer}"
work="${WORK:-${TMPDIR:-/tmp}/tenant-audit-bench}"
venv="$work/peer-venv"
python="$venv/bin/python"
ours="$here/target/release/tenant-audit"
mkdir -p "$work"

if [ ! -x "$python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet pandas phonenumbers openpyxl xlsxwriter
fi
(cd "$here" && cargo build --release --quiet)

# data DIR ARGS...: generates a data set once.
data() {
    local dir="$work/$1"
    shift
    [ -d "$dir" ] || "$python" "$peer_dir/make_bench.py" "$dir" "$@"
}

# measure NAME COMMAND...: runs COMMAND, records seconds and peak KB.
measure() {
    local name="$1"
    shift
    /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || {
        echo "$name failed: see $work/$name.err" >&2
        exit 1
    }
    read -r secs kb <"$work/$name.time"
    printf '  %-22s %8.2f s %8d MB\n' "$name" "$secs" "$((kb / 1024))"
    eval "${name//-/_}_secs=$secs"
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'
}

all_users() {
    data t100k 100000 2000
    echo "every user audited: 100,000 users, --all-users"
    measure peer-100k "$python" "$peer_dir/peer_audit.py" --all-users \
        -o "$work/peer-100k.xlsx" "$work/t100k"
    measure ours-100k "$ours" audit "$work/t100k" --all-users \
        -o "$work/ours-100k.xlsx" --quiet
    echo "  ratio $(ratio "$peer_100k_secs" "$ours_100k_secs")"
}

huge() {
    data t1m 1000000 2000
    echo "admins of a huge tenant: 1,000,000 users, 2,000 admins"
    measure peer-1m "$python" "$peer_dir/peer_audit.py" \
        -o "$work/peer-1m.xlsx" "$work/t1m"
    measure ours-1m "$ours" audit "$work/t1m" -o "$work/ours-1m.xlsx" --quiet
    echo "  ratio $(ratio "$peer_1m_secs" "$ours_1m_secs")"
}

batch() {
    data batch 200 5 --tenants 1000
    echo "managed-service batch: 1,000 tenants of 200 users"
    measure peer-batch "$python" "$peer_dir/peer_audit.py" \
        -o "$work/peer-batch.xlsx" "$work"/batch/t*
    measure ours-batch "$ours" audit "$work"/batch/t* \
        -o "$work/ours-batch.xlsx" --quiet
    echo "  ratio $(ratio "$peer_batch_secs" "$ours_batch_secs")"
}

threads() {
    data batch 200 5 --tenants 1000
    echo "parallel scaling: the batch at --threads 1 and 2"
    measure threads-1 "$ours" audit "$work"/batch/t* --threads 1 \
        -o "$work/ours-t1.xlsx" --quiet
    measure threads-2 "$ours" audit "$work"/batch/t* --threads 2 \
        -o "$work/ours-t2.xlsx" --quiet
    echo "  speed-up $(ratio "$threads_1_secs" "$threads_2_secs")"
}

echo "machine: $(nproc) cores, $(uname -sr); $(date -u +%F)"
for scenario in "${@:-all-users huge batch threads}"; do
    for s in $scenario; do
        "${s//-/_}"
    done
done
