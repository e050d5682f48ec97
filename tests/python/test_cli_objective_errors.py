"""Labels and parameters an objective or metric cannot use are clear errors naming the file and
row or the parameter, never a silently wrong model."""
import pytest

ROWS = "".join(f"{label},{x},{x * 2}\n" for label, x in
               [(0.5, 0.1), (2.0, 0.4), (1.0, 0.3), (3.0, 0.9)] * 5)


def write(tmp_path, name, labels=None):
    rows = ROWS.splitlines()
    if labels is not None:
        rows = [f"{y},{r.split(',', 1)[1]}" for y, r in zip(labels, rows)]
    path = tmp_path / name
    path.write_text("\n".join(rows) + "\n")
    return path


def labels_with(bad, row=3, base=(0.5, 2.0, 1.0, 3.0)):
    labels = list(base) * 5
    labels[row] = bad
    return labels


PROBABILITIES = (0.5, 0.2, 1.0, 0.7)

CASES = {
    # name: (objective, labels of the training file, extra parameters, expected substrings)
    "cross_entropy label above 1": ("cross_entropy", labels_with(1.5, 2, PROBABILITIES), [],
                                    ["cross_entropy", "[0, 1]", "row 2", "d.csv"]),
    "cross_entropy label below 0": ("cross_entropy", [0.5] * 19 + [-0.5], [],
                                    ["cross_entropy", "row 19"]),
    "poisson negative label": ("poisson", labels_with(-1.0), [], ["poisson", ">= 0", "row 3"]),
    "poisson all zero": ("poisson", [0.0] * 20, [], ["poisson", "sum of labels"]),
    "tweedie negative label": ("tweedie", labels_with(-2.0, 7), [], ["tweedie", "row 7"]),
    "gamma zero label": ("gamma", labels_with(0.0, 5), [], ["gamma", "> 0", "row 5"]),
    "gamma negative label": ("gamma", labels_with(-3.0, 0), [], ["gamma", "row 0"]),
    "quantile alpha 1": ("quantile", None, ["alpha=1"], ["quantile", "alpha", "(0, 1)"]),
    "quantile alpha 0": ("quantile", None, ["alpha=0"], ["alpha", "> 0"]),
    "huber alpha negative": ("huber", None, ["alpha=-0.5"], ["alpha", "> 0"]),
    "tweedie power 2": ("tweedie", None, ["tweedie_variance_power=2"],
                        ["tweedie_variance_power", "[1, 2)"]),
    "tweedie power below 1": ("tweedie", None, ["tweedie_variance_power=0.5"],
                              ["tweedie_variance_power", "[1, 2)"]),
    "poisson max delta step 0": ("poisson", None, ["poisson_max_delta_step=0"],
                                 ["poisson_max_delta_step", "> 0"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_objective_input(run_qgbm, tmp_path, case):
    objective, labels, extra, needles = CASES[case]
    data = write(tmp_path, "d.csv", labels)
    proc = run_qgbm("train", f"data={data}", f"objective={objective}", "num_iterations=3",
                    "min_data_in_leaf=1", "output_model=m.json", *extra, check=False)
    assert proc.returncode in (1, 2), proc
    for needle in needles:
        assert needle in proc.stderr, (case, needle, proc.stderr)
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize("metric,bad", [("gamma", 0.0), ("gamma_deviance", -1.0),
                                        ("cross_entropy", 2.0)])
def test_metric_refuses_validation_labels(run_qgbm, tmp_path, metric, bad):
    data = write(tmp_path, "d.csv", [0.5, 0.25, 0.75, 1.0] * 5)
    valid = write(tmp_path, "v.csv", labels_with(bad, 4, PROBABILITIES))
    proc = run_qgbm("train", f"data={data}", f"valid={valid}", "objective=regression",
                    f"metric={metric}", "num_iterations=3", "min_data_in_leaf=1",
                    "output_model=m.json", check=False)
    assert proc.returncode == 1, proc
    for needle in (metric, "v.csv", "row 4"):
        assert needle in proc.stderr, (needle, proc.stderr)
    assert not (tmp_path / "m.json").exists()
