"""A data folder's link is followed again when a new build swaps it, and only then."""

import os

import pytest

from dashboard import paths


def swap(link, target):
    """Point `link` at `target` the way a build does: a new link renamed over the old one."""
    tmp = link.with_name(link.name + ".new")
    tmp.symlink_to(target)
    os.replace(tmp, link)


@pytest.mark.parametrize("builds", [["build-a", "build-b"], ["build-a", "build-b", "build-a"]])
def test_each_swap_of_the_link_is_seen(tmp_path, builds):
    for name in set(builds):
        (tmp_path / name).mkdir()
    current = tmp_path / "current"
    for name in builds:
        swap(current, name)
        assert paths.resolved(current) == (tmp_path / name).resolve()
        assert paths.resolved(str(current)) == (tmp_path / name).resolve()


def test_a_missing_folder_resolves_as_a_path(tmp_path):
    assert paths.link_key(tmp_path / "current") is None
    assert paths.resolved(tmp_path / "current") == (tmp_path / "current").resolve()
    (tmp_path / "current").mkdir()
    assert paths.link_key(tmp_path / "current")[0] == str(tmp_path / "current")
