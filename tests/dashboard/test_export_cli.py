"""`python -m dashboard export`: writes the selection; bad input fails with a message naming what is wrong."""

import io
import zipfile

import pandas as pd
import pytest

from dashboard.__main__ import main


def _export(tiny_build, tmp_path, *args):
    out = tmp_path / "out" / "export.bin"
    rc = main(["--data", str(tiny_build.parent), "export", *args, "--out", str(out)])
    return rc, out


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "zip"])
def test_export_writes_the_selection(tiny_build, tmp_path, fmt):
    rc, out = _export(
        tiny_build,
        tmp_path,
        "--index",
        "pci,papi",
        "--years",
        "2018-2019",
        "--provinces",
        "08,94,04,01,96",
        "--format",
        fmt,
    )
    assert 0 == rc
    blob = out.read_bytes()
    if fmt == "csv":
        df = pd.read_csv(io.BytesIO(blob), encoding="utf-8-sig", dtype={"province_code": str})
    elif fmt == "xlsx":
        df = pd.read_excel(io.BytesIO(blob), sheet_name="values", dtype={"province_code": str}, engine="openpyxl")
    else:
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            assert {"values.csv", "datapackage.json", "README.md"} <= set(z.namelist())
            df = pd.read_csv(z.open("values.csv"), dtype={"province_code": str})
    assert {"pci", "papi"} == set(df["index"])
    assert {2018, 2019} == set(df["year"])
    assert {"08", "94", "04", "01", "96"} == set(df["province_code"])
    assert "computed" not in set(df["status"])


def test_export_with_computed_flags_them(tiny_build, tmp_path):
    rc, out = _export(tiny_build, tmp_path, "--index", "pci", "--provinces", "08", "--computed")
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert 0 == rc and df.loc[df["status"] == "computed", "computed"].all() and df["computed"].any()


def test_export_vintage(tiny_build, tmp_path):
    rc, out = _export(tiny_build, tmp_path, "--vintage", "34", "--computed")
    assert 0 == rc and {34} == set(pd.read_csv(out, encoding="utf-8-sig")["vintage"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["--index", "pci,pcx"], "unknown index 'pcx'"),
        (["--years", "2019-2010"], "bad year range '2019-2010'"),
        (["--years", "twenty"], "bad year range 'twenty'"),
        (["--provinces", "08,99"], "unknown province code '99'"),
        (["--index", "par"], "no values match"),
    ],
)
def test_export_bad_input_fails_clearly(tiny_build, tmp_path, capsys, args, message):
    rc, out = _export(tiny_build, tmp_path, *args)
    assert 1 == rc
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_export_without_a_build_says_how_to_make_one(tmp_path, capsys):
    rc = main(["--data", str(tmp_path), "export", "--out", str(tmp_path / "x.csv")])
    assert 1 == rc and "python -m loaders build" in capsys.readouterr().err
