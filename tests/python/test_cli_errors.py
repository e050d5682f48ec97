"""Bad input gets a clear error naming the file, line or parameter: never a crash or a silent model."""
import pytest

GOOD = "1,0.5,2\n0,0.1,3\n1,0.7,1\n0,0.2,5\n" * 10


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def train_args(data, *extra):
    return ["train", f"data={data}", "objective=binary", "num_iterations=3", "min_data_in_leaf=1",
            "output_model=m.json", *extra]



CASES = {
    "missing file": (None, [], ["nope.csv"]),
    "ragged rows": ("1,2,3\n0,1\n", [], ["line 2"]),
    "non-numeric label": ("1,2,3\nabc,1,3\n", [], ["line 2", "abc"]),
    "label NaN": ("1,2,3\nnan,1,3\n", [], ["line 2"]),
    "empty dataset": ("", [], ["no data rows"]),
    "label column missing": (GOOD, ["label_column=9"], ["label_column"]),
    "binary labels not 0/1": ("1,2,3\n2,1,3\n", [], ["binary", "label"]),
    "negative weight": (GOOD, ["weight_column=0"], ["line 1"]),
    "unknown parameter": (GOOD, ["num_leafs=10"], ["num_leafs", "num_leaves"]),
    "ill-typed parameter": (GOOD, ["num_leaves=abc"], ["num_leaves", "abc"]),
    "out-of-range parameter": (GOOD, ["num_grad_quant_bins=200"], ["num_grad_quant_bins", "127"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_training_input(run_qgbm, tmp_path, case):
    text, extra, needles = CASES[case]
    data = tmp_path / "nope.csv" if text is None else write(tmp_path, "d.csv", text)
    if case == "negative weight":
        data = write(tmp_path, "d.csv", "1,-0.5,2\n" + GOOD)
    proc = run_qgbm(*train_args(data, *extra), check=False)
    assert proc.returncode == 1 or proc.returncode == 2, proc
    assert "[Fatal]" in proc.stderr, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, (case, needle, proc.stderr)
    assert not (tmp_path / "m.json").exists()


def test_validation_file_with_other_column_count(run_qgbm, tmp_path):
    data = write(tmp_path, "d.csv", GOOD)
    valid = write(tmp_path, "v.csv", "1,0.5,2,7\n0,0.1,3,8\n")
    proc = run_qgbm(*train_args(data, f"valid={valid}"), check=False)
    assert proc.returncode == 1 and "v.csv" in proc.stderr and "features" in proc.stderr


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong_child"])
def test_corrupted_model_file(run_qgbm, tmp_path, damage):
    data = write(tmp_path, "d.csv", GOOD)
    run_qgbm(*train_args(data))
    model = tmp_path / "m.json"
    text = model.read_text()
    if damage == "truncate":
        model.write_text(text[: len(text) // 2])
    elif damage == "garbage":
        model.write_bytes(b"\x00\xff not a model")
    else:
        model.write_text(text.replace('"right_child":[-2', '"right_child":[99', 1).replace(
            '"right_child": [-2', '"right_child": [99', 1))
    proc = run_qgbm("predict", f"data={data}", "input_model=m.json", "output_result=p.txt", check=False)
    assert proc.returncode == 1 and "m.json" in proc.stderr, proc.stderr
    assert not (tmp_path / "p.txt").exists()


def test_predicting_data_with_fewer_features(run_qgbm, tmp_path):
    data = write(tmp_path, "d.csv", GOOD)
    run_qgbm(*train_args(data))
    fewer = write(tmp_path, "f.csv", "0.5\n0.1\n")
    proc = run_qgbm("predict", f"data={fewer}", "input_model=m.json", "output_result=p.txt", check=False)
    assert proc.returncode == 1 and "f.csv" in proc.stderr and "features" in proc.stderr
