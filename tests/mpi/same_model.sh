#!/usr/bin/env bash
# Trains one model alone and the same model on N MPI processes (tree_learner=data) and checks
# that the two files are byte-identical: binary (HIGGS rows with weights, a validation set,
# bagging), the same in full precision (fixed-point histograms: the lone process sets
# tree_learner=data too) and lambdarank (whole query groups on each process).
#
#   tests/mpi/same_model.sh QGBM_BINARY NUM_PROCESSES SHARED_DATA_DIR
set -euo pipefail
qgbm="$1" np="$2" data="$3/lightgbm_examples"
work="$(mktemp -d "${TMPDIR:-/tmp}/qgbm-mpi.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
run_mpi() { timeout -k 5 120 mpirun -np "$np" --oversubscribe --bind-to none "$qgbm" "$@"; }

head -3000 "$data/binary.train" > binary.train
head -3000 "$data/binary.train.weight" > binary.train.weight
cp "$data/binary.test" binary.test
binary=(data=binary.train valid=binary.test objective=binary metric=auc,binary_logloss
        num_iterations=20 num_leaves=15 bagging_fraction=0.8 bagging_freq=2 num_threads=1
        verbosity=-1)
"$qgbm" train "${binary[@]}" output_model=binary_alone.json
run_mpi train "${binary[@]}" tree_learner=data num_machines="$np" output_model=binary_mpi.json
cmp binary_alone.json binary_mpi.json

"$qgbm" train "${binary[@]}" use_quantized_grad=false tree_learner=data num_machines=1 \
  output_model=fp_alone.json
run_mpi train "${binary[@]}" use_quantized_grad=false tree_learner=data num_machines="$np" \
  output_model=fp_mpi.json
cmp fp_alone.json fp_mpi.json

cp "$data"/rank.train "$data"/rank.train.query .
rank=(data=rank.train objective=lambdarank num_iterations=15 num_leaves=15 num_threads=1
      verbosity=-1)
"$qgbm" train "${rank[@]}" output_model=rank_alone.json
run_mpi train "${rank[@]}" tree_learner=data num_machines="$np" output_model=rank_mpi.json
cmp rank_alone.json rank_mpi.json
echo "same models on $np processes"
