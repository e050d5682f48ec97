#!/usr/bin/env bash
# Quantized-gradient training versus full precision on the HIGGS sample shipped in data/.
#
# Splits data/higgs_11k.csv.gz 80/20 (seeded, so every run sees the same split), trains the same
# model twice with the qgbm CLI - once with low-bit quantized gradients, once with fp32
# gradients - predicts the held-out 20 %, and prints test AUC and time side by side.
#
#   examples/higgs_quantized_vs_fp.sh
#   QGBM=build-debug/qgbm ITERATIONS=500 THREADS=1 examples/higgs_quantized_vs_fp.sh
#
# Needs: a built CLI (tools/setup.sh builds build/qgbm) and python3 (standard library only).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qgbm="${QGBM:-$repo/build/qgbm}"
data="$repo/data/higgs_11k.csv.gz"
iterations="${ITERATIONS:-200}"
leaves="${LEAVES:-31}"
learning_rate="${LEARNING_RATE:-0.05}"
threads="${THREADS:-2}"

if [[ ! -x "$qgbm" ]]; then
  echo "error: qgbm CLI not found at $qgbm (run tools/setup.sh, or set QGBM=path/to/qgbm)" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/qgbm-higgs.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Label moved to column 0 so both files read with label_column=0; seed 0 fixes the split.
python3 - "$data" "$work" <<'PY'
import csv, gzip, random, sys
src, out = sys.argv[1], sys.argv[2]
with gzip.open(src, "rt", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
label = header.index("label")
reorder = lambda r: [r[label]] + r[:label] + r[label + 1:]
random.Random(0).shuffle(body)
cut = int(round(0.8 * len(body)))
for name, part in (("train.csv", body[:cut]), ("test.csv", body[cut:])):
    with open(f"{out}/{name}", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(reorder(header))
        w.writerows(reorder(r) for r in part)
print(f"split {len(body)} rows: {cut} train / {len(body) - cut} test", file=sys.stderr)
PY

now() { date +%s.%N; }

results=()
for mode in true false; do
  model="$work/model_$mode.json"
  pred="$work/pred_$mode.txt"
  t0=$(now)
  "$qgbm" train data="$work/train.csv" valid="$work/test.csv" header=true label_column=0 \
    objective=binary metric=auc num_iterations="$iterations" num_leaves="$leaves" \
    learning_rate="$learning_rate" num_threads="$threads" use_quantized_grad="$mode" \
    output_model="$model" verbosity=0 > "$work/train_$mode.log" 2>&1 \
    || { cat "$work/train_$mode.log" >&2; exit 1; }
  t1=$(now)
  "$qgbm" predict data="$work/test.csv" header=true label_column=0 input_model="$model" \
    output_result="$pred" num_threads="$threads" > "$work/predict_$mode.log" 2>&1 \
    || { cat "$work/predict_$mode.log" >&2; exit 1; }
  t2=$(now)
  results+=("$mode $t0 $t1 $t2 $pred")
done

# AUC = probability that a random positive scores above a random negative (ties count half).
python3 - "$work/test.csv" "${results[@]}" <<'PY'
import csv, sys
with open(sys.argv[1]) as f:
    labels = [float(r[0]) for r in list(csv.reader(f))[1:]]

def auc(scores):
    order = sorted(range(len(scores)), key=scores.__getitem__)
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(1 for y in labels if y > 0.5)
    neg = len(labels) - pos
    rank_sum = sum(r for r, y in zip(ranks, labels) if y > 0.5)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)

print(f"\n{'gradients':<12} {'test AUC':>9} {'train s':>9} {'predict s':>10}")
for item in sys.argv[2:]:
    mode, t0, t1, t2, pred = item.split(" ")
    with open(pred) as f:
        scores = [float(line.split()[0]) for line in f if line.strip()]
    if len(scores) != len(labels):
        sys.exit(f"error: {len(scores)} predictions for {len(labels)} test rows in {pred}")
    name = "quantized" if mode == "true" else "fp32"
    print(f"{name:<12} {auc(scores):>9.4f} {float(t1) - float(t0):>9.2f} "
          f"{float(t2) - float(t1):>10.2f}")
PY
echo
echo "($iterations iterations, $leaves leaves, learning rate $learning_rate, $threads threads;" \
     "times are wall clock of each CLI call)"
