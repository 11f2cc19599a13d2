"""Links per lesson, held to the formats BinderHub's and nbgitpuller's own link generators produce.

- BinderHub (binderhub/static/js/src/urls.js, ``v2url``): ``BASE + "v2/gh/" + repo + "/" + ref``
  then ``"?urlpath=" + encodeURIComponent(path)``; JupyterLab opens a file at ``lab/tree/PATH``.
- nbgitpuller (docs/_static/link_gen/link.js, ``generateRegularUrl``): the hub's URL with path
  ``hub/user-redirect/git-pull`` and ``repo``, ``urlpath``, ``branch`` set with ``URLSearchParams``;
  the JupyterLab path is ``"lab/tree/" + repoName + "/" + filePath`` (docs/topic/url-options.rst:
  the path must include the name of the local repository directory).
"""
from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from helpers import DataError
from helpers.authoring.links import (binder_link, course_links, github_repo, hub_link, lesson_files, links_text,
                           origin_repo)


def test_binder_link_matches_binderhub_v2url():
    url = binder_link("my-school/mao-1958", "lessons/03-climb-the-steel-ladder.ipynb")
    assert url == ("https://mybinder.org/v2/gh/my-school/mao-1958/main"
                   "?urlpath=lab%2Ftree%2Flessons%2F03-climb-the-steel-ladder.ipynb")


def test_binder_urlpath_decodes_to_the_lesson_and_escapes_what_encodeuricomponent_escapes():
    url = binder_link("o/r", "lessons/a b&c=d?.ipynb", ref="v1.0")
    parts = urlsplit(url)
    assert parts.path == "/v2/gh/o/r/v1.0"
    assert parse_qs(parts.query) == {"urlpath": ["lab/tree/lessons/a b&c=d?.ipynb"]}
    assert "%20" in url and "%26" in url and "%3D" in url and "%3F" in url


def test_a_ref_with_a_slash_stays_one_path_segment():
    assert urlsplit(binder_link("o/r", "lessons/x.ipynb", ref="release/2026")).path == "/v2/gh/o/r/release%2F2026"


def test_hub_link_matches_nbgitpuller_generator():
    url = hub_link("https://hub.example.edu", "my-school/mao-1958", "lessons/04-weigh-the-harvest.ipynb")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    assert parse_qs(parts.query) == {"repo": ["https://github.com/my-school/mao-1958"], "branch": ["main"],
                                     "urlpath": ["lab/tree/mao-1958/lessons/04-weigh-the-harvest.ipynb"]}
    # URLSearchParams form-encodes: "/" and ":" are escaped inside each value.
    assert "repo=https%3A%2F%2Fgithub.com%2Fmy-school%2Fmao-1958" in parts.query
    assert "urlpath=lab%2Ftree%2Fmao-1958%2Flessons%2F04-weigh-the-harvest.ipynb" in parts.query


@pytest.mark.parametrize("hub", ["https://hub.example.edu/", "https://hub.example.edu"])
def test_hub_link_with_or_without_a_trailing_slash(hub):
    assert hub_link(hub, "o/r", "lessons/x.ipynb").startswith("https://hub.example.edu/hub/user-redirect/git-pull?")


def test_hub_under_a_path_keeps_it():
    url = hub_link("https://example.edu/jupyter/", "o/r", "lessons/x.ipynb", ref="dev")
    assert urlsplit(url).path == "/jupyter/hub/user-redirect/git-pull"
    assert parse_qs(urlsplit(url).query)["branch"] == ["dev"]


@pytest.mark.parametrize("bad", ["OWNER", "https://github.com/o/r", "o/r/s", "o r/x", ""])
def test_bad_repo_is_one_clear_error(bad):
    with pytest.raises(DataError, match="OWNER/REPO"):
        binder_link(bad, "lessons/x.ipynb")


def test_bad_hub_is_one_clear_error():
    with pytest.raises(DataError, match="--hub 'hub.example.edu'.*https://"):
        hub_link("hub.example.edu", "o/r", "lessons/x.ipynb")


@pytest.mark.parametrize("remote, repo", [
    ("https://github.com/my-school/mao-1958.git", "my-school/mao-1958"),
    ("https://github.com/my-school/mao-1958", "my-school/mao-1958"),
    ("git@github.com:my-school/mao-1958.git", "my-school/mao-1958"),
    ("ssh://git@github.com/my-school/mao.1958.git", "my-school/mao.1958"),
    ("https://gitlab.com/my-school/mao-1958.git", None),
    ("/srv/git/mao-1958", None),
])
def test_github_repo_from_remote(remote, repo):
    assert github_repo(remote) == repo


def test_origin_repo_reads_git_remote(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert origin_repo(tmp_path) is None
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", "git@github.com:o/r.git"], check=True)
    assert origin_repo(tmp_path) == "o/r"


def test_every_lesson_and_the_memo_once_it_exists(tmp_path):
    for name in ["01-b.ipynb", "00-a.ipynb", "notes.md", "template.ipynb"]:
        (tmp_path / name).write_text("{}")
    assert lesson_files(tmp_path) == ["lessons/00-a.ipynb", "lessons/01-b.ipynb"]
    (tmp_path / "memo.ipynb").write_text("{}")
    assert lesson_files(tmp_path)[-1] == "lessons/memo.ipynb"
    links = course_links("o/r", hub="https://hub.example.edu", lessons_dir=tmp_path)
    assert [item.lesson for item in links] == ["00-a", "01-b", "memo"]
    assert links[2].binder.endswith("urlpath=lab%2Ftree%2Flessons%2Fmemo.ipynb")
    text = links_text(links)
    assert text.count("Binder:") == 3 and text.count("JupyterHub:") == 3


def test_the_real_lessons_each_get_a_link():
    links = course_links("o/r")
    assert len(links) == len(lesson_files()) >= 7
    assert all(item.hub is None for item in links)


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "helpers", "links", *args], capture_output=True, text=True,
                          cwd=cwd)


def test_cli_prints_every_link():
    out = _cli("--repo", "my-school/mao-1958", "--ref", "v1", "--hub", "https://hub.example.edu")
    assert out.returncode == 0, out.stderr
    assert "https://mybinder.org/v2/gh/my-school/mao-1958/v1?urlpath=lab%2Ftree%2Flessons%2F03-" in out.stdout
    assert out.stdout.count("https://hub.example.edu/hub/user-redirect/git-pull?") == len(lesson_files())


def test_cli_without_a_repo_says_what_to_do(monkeypatch, capsys):
    import helpers.__main__ as cli

    monkeypatch.setattr("helpers.authoring.links.origin_repo", lambda root=None: None)
    assert cli.main(["links"]) == 1
    err = capsys.readouterr().err
    assert "--repo OWNER/REPO" in err and "git remote get-url origin" in err


def test_cli_bad_repo_is_one_line_not_a_traceback():
    out = _cli("--repo", "nonsense")
    assert out.returncode == 1
    assert "OWNER/REPO" in out.stderr and "Traceback" not in out.stderr
