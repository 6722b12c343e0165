"""``uncounted estimate population`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from uncounted.cli.app import _register_areas, app
from uncounted.estimate.population.run import Request

MSE = Path(__file__).resolve().parents[2] / "data" / "mse"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _areas() -> None:
    _register_areas()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["estimate", "population", *args])
    return result.exit_code, result.stdout


def test_json_independence_kosovo() -> None:
    code, out = _run(str(MSE / "kosovo_1999.csv"), "--selection", "none", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"method", "n_observed", "estimate", "interval", "level", "details"}
    # Rcapture closedp.t(kosovo) model Mt: 7,394.6
    assert abs(data["estimate"] - 7394.6) < 1
    assert data["n_observed"] == 4400


def test_json_chapman_named_lists() -> None:
    code, out = _run(str(MSE / "kosovo_1999.csv"), "--method", "chapman", "--lists", "EXH,ABA",
                     "--json")  # fmt: skip
    assert code == 0
    assert abs(json.loads(out)["estimate"] - 7231.5) < 0.1  # Chapman, EXH x ABA: 7,231.5


def test_all_is_a_list_with_panel(tmp_path: Path) -> None:
    code, out = _run(str(MSE / "western_us.csv"), "--method", "all", "--iterations", "2000",
                     "--chains", "2", "--seed", "5", "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list)
    methods = {d["method"] for d in data}
    assert {"loglinear", "chapman", "chao_bc", "lcmcr", "dga"} <= methods
    panel = data[0]["details"]["panel"]
    assert panel["ratio_high_low"] >= 1
    assert panel["sparsity"]["list_sizes"]["A"] == 64


def test_rich_table_and_bootstrap() -> None:
    code, out = _run(str(MSE / "western_us.csv"), "--bootstrap", "50", "--seed", "3")
    assert code == 0
    assert "2,483.4" in out


def test_bad_input_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("A,B,count\n1,0,3\n0,2,1\n", encoding="utf-8")
    result = runner.invoke(app, ["estimate", "population", str(path), "--json"])
    assert result.exit_code == 3
    error = json.loads(result.stdout)
    assert error["detail"]["row"] == 2
    assert error["detail"]["column"] == "B"
    assert "Traceback" not in result.stdout


def test_model_without_mle_is_an_error_not_a_number(tmp_path: Path) -> None:
    path = tmp_path / "sparse.csv"
    # A and B overlap only together with C; the [12,13,23] model's MLE does not exist.
    path.write_text("A,B,C,count\n1,0,0,5\n0,1,0,7\n0,0,1,9\n1,1,1,2\n1,0,1,3\n", encoding="utf-8")
    code, out = _run(str(path), "--model", "[12,13,23]", "--json")
    assert code == 6
    assert json.loads(out)["error"] == "MLENotFoundError"


def test_unknown_method_is_a_config_error() -> None:
    code, _ = _run(str(MSE / "western_us.csv"), "--method", "magic")
    assert code == 2


def test_bic_with_svg_plot(tmp_path: Path) -> None:
    svg = tmp_path / "weights.svg"
    code, out = _run(
        str(MSE / "western_us.csv"), "--selection", "bic", "--plot", str(svg), "--json"
    )
    assert code == 0
    assert json.loads(out)["details"]["top_models"][0]["model"] == "[15]"
    assert "<svg" in svg.read_text(encoding="utf-8")


def test_catchment_without_scopes_is_the_independence_model() -> None:
    code, out = _run(str(MSE / "kosovo_1999.csv"), "--method", "catchment", "--json")
    assert code == 0
    # Rcapture closedp.t(kosovo) model Mt: 7,394.6
    assert abs(json.loads(out)["estimate"] - 7394.6) < 1


def test_catchment_with_scopes_reports_each_class() -> None:
    kosovo = str(MSE / "kosovo_1999.csv")
    code, out = _run(kosovo, "--method", "catchment", "--scope", "HRW=later", "--json")
    assert code == 0
    classes = json.loads(out)["details"]["catchments"]
    assert classes["later"]["lists"] == ["EXH", "ABA", "OSCE", "HRW"]
    assert classes["outside every scope"]["lists"] == ["EXH", "ABA", "OSCE"]


@pytest.mark.parametrize("scope", ["HRW", "=later", "NOPE=later"])
def test_a_bad_scope_is_a_config_error(scope: str) -> None:
    code, out = _run(str(MSE / "kosovo_1999.csv"), "--method", "catchment", "--scope", scope,
                     "--json")  # fmt: skip
    assert code == 2
    assert json.loads(out)["error"] == "ConfigError"


def test_hmc_option_reaches_the_latent_class_sampler() -> None:
    args = (str(MSE / "western_us.csv"), "--method", "lcmcr", "--iterations", "4000",
            "--chains", "2", "--seed", "5", "--json")  # fmt: skip
    code, out = _run(*args, "--hmc")
    assert code == 0
    details = json.loads(out)["details"]
    assert details["hmc_move"] is True
    assert (details["iterations"], details["burn_in"], details["thin"]) == (4000, 400, 5)
    assert len(details["hmc_step_acceptance"]) == 2
    # LCMCR on Western US (tests/data/mse/SOURCES.md): medians 1,834 / 1,848 / 1,833.
    assert abs(json.loads(out)["estimate"] - 1838) / 1838 < 0.1
    code, out = _run(*args)
    assert code == 0
    plain = json.loads(out)["details"]
    assert plain["hmc_move"] is False
    assert (plain["thin"], plain["hmc_step_acceptance"]) == (20, [])


def test_hmc_default_run_length() -> None:
    options = Request(method="lcmcr", hmc=True).lcmcr_options()
    assert options == {"hmc_move": True, "iterations": 50_000, "burn_in": 5_000, "thin": 5}
    assert Request(method="lcmcr").lcmcr_options() == {}
