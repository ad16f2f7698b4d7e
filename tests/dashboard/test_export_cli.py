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
    assert 0 == rc and (df["rank_status"] == "computed").any(), "the computed rank is kept, marked in rank_status"
    _, plain = _export(tiny_build, tmp_path, "--index", "pci", "--provinces", "08")
    assert list(pd.read_csv(plain, encoding="utf-8-sig").columns) == list(df.columns), "the same columns"


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


# --- Writing the file: atomic (a temporary file beside the target, then a rename), every failure explained. ---


@pytest.fixture
def small_disk(tmp_path):
    """A real 1 MiB tmpfs (mounted as root), unmounted after the test."""
    import subprocess

    mnt = tmp_path / "disk"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_disk_full_keeps_the_old_export_and_leaves_no_partial_file(tiny_build, small_disk, capsys):
    import os

    out = small_disk / "export.csv"
    assert 0 == main(
        ["--data", str(tiny_build.parent), "export", "--index", "pci", "--provinces", "01", "--out", str(out)]
    )
    old = out.read_bytes()
    st = os.statvfs(small_disk)
    (small_disk / "filler").write_bytes(b"x" * (st.f_bavail * st.f_frsize - 16 * 1024))  # 16 KiB left
    rc = main(["--data", str(tiny_build.parent), "export", "--computed", "--out", str(out)])
    err = capsys.readouterr().err
    assert 1 == rc
    assert err.startswith("EXPORT FAILED — ") and str(out) in err and "no space left" in err.lower()
    assert "Traceback" not in err
    assert out.read_bytes() == old
    assert sorted(p.name for p in small_disk.iterdir()) == ["export.csv", "filler"]


@pytest.mark.parametrize(
    "out, message",
    [
        ("{tmp}", "is a folder"),
        ("", "--out is empty"),
        ("/dev/full", "is not a regular file"),
        ("/proc/self/export.csv", "cannot write"),
        ("/proc/nope/export.csv", "cannot write"),
    ],
)
def test_export_to_a_bad_place_fails_clearly(tiny_build, tmp_path, capsys, out, message):
    out = out.format(tmp=tmp_path)
    rc = main(["--data", str(tiny_build.parent), "export", "--index", "pci", "--out", out])
    err = capsys.readouterr().err
    assert 1 == rc
    assert err.startswith("EXPORT FAILED — ") and message in err and "Traceback" not in err
    assert out in err


def test_overwriting_keeps_the_file_mode(tiny_build, tmp_path):
    out = tmp_path / "export.csv"
    out.write_text("old")
    out.chmod(0o640)
    assert 0 == main(["--data", str(tiny_build.parent), "export", "--index", "pci", "--out", str(out)])
    assert out.stat().st_mode & 0o777 == 0o640 and out.read_text(encoding="utf-8-sig").startswith("index,")
