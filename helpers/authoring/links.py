"""Links a teacher gives a class: one per lesson, on mybinder.org or on a school's JupyterHub.

Both formats follow their projects' own link generators:

- Binder (BinderHub's ``v2url``): ``https://mybinder.org/v2/gh/OWNER/REPO/REF?urlpath=`` followed by
  the path ``lab/tree/lessons/NAME.ipynb`` encoded as JavaScript's ``encodeURIComponent`` does.
- nbgitpuller (its link generator's ``generateRegularUrl``): ``HUB/hub/user-redirect/git-pull?``
  with ``repo``, ``branch`` and ``urlpath`` form-encoded as ``URLSearchParams`` does; the path
  starts with the folder nbgitpuller clones into, which is named after the repository.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from .. import data, paths
from ..notebooks import lesson_paths

BINDER = "https://mybinder.org"
# JavaScript's encodeURIComponent leaves these unescaped besides letters, digits, "-", "_" and ".".
_URI_COMPONENT_SAFE = "!~*'()"
_GITHUB = re.compile(r"^(?:https?://|ssh://git@|git@)?(?:www\.)?github\.com[:/]"
                     r"(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$")
_OWNER_REPO = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class LessonLinks:
    """The links that open one lesson."""

    lesson: str
    binder: str
    hub: str | None = None


def lesson_files(lessons_dir: Path | str | None = None) -> list[str]:
    """Paths (from the repository's root) of every lesson, and of ``lessons/memo.ipynb`` if it exists."""
    folder = paths.lessons_dir(lessons_dir)
    names = [p.name for p in lesson_paths(folder)]
    if (folder / "memo.ipynb").exists():
        names.append("memo.ipynb")
    return [f"lessons/{name}" for name in names]


def check_repo(repo: str) -> str:
    """``OWNER/REPO`` as given, or a DataError saying what a GitHub repository's name looks like."""
    repo = repo.strip().strip("/")
    if not _OWNER_REPO.match(repo):
        raise data.DataError(f"--repo {repo!r}: give the GitHub repository as OWNER/REPO, "
                             "e.g. --repo my-school/mao-1958.")
    return repo


def github_repo(remote_url: str) -> str | None:
    """``OWNER/REPO`` from a GitHub remote address (https or ssh), or None when it is not GitHub's."""
    match = _GITHUB.match(remote_url.strip())
    return f"{match['owner']}/{match['repo']}" if match else None


def origin_repo(root: Path | str | None = None) -> str | None:
    """``OWNER/REPO`` of the ``origin`` remote of the git checkout at ``root``, or None."""
    root = Path(root or paths.ROOT)
    try:
        out = subprocess.run(["git", "remote", "get-url", "origin"], cwd=root, capture_output=True,
                             text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return github_repo(out.stdout) if out.returncode == 0 else None


def binder_link(repo: str, path: str, ref: str = "main", binder: str = BINDER) -> str:
    """A mybinder.org link that builds ``repo`` at ``ref`` and opens ``path`` in JupyterLab."""
    repo = check_repo(repo)
    urlpath = quote(f"lab/tree/{path}", safe=_URI_COMPONENT_SAFE)
    return f"{binder.rstrip('/')}/v2/gh/{repo}/{quote(ref, safe='')}?urlpath={urlpath}"


def hub_link(hub: str, repo: str, path: str, ref: str = "main") -> str:
    """An nbgitpuller link: the hub pulls ``repo`` at ``ref`` and opens ``path`` in JupyterLab."""
    repo = check_repo(repo)
    if not re.match(r"^https?://[^/\s]+", hub.strip()):
        raise data.DataError(f"--hub {hub!r}: give the hub's address with https://, "
                             "e.g. --hub https://hub.example.edu.")
    name = repo.split("/")[1]
    query = urlencode({"repo": f"https://github.com/{repo}", "branch": ref,
                       "urlpath": f"lab/tree/{name}/{path}"})
    return f"{hub.strip().rstrip('/')}/hub/user-redirect/git-pull?{query}"


def course_links(repo: str, ref: str = "main", hub: str | None = None,
                 lessons_dir: Path | str | None = None) -> list[LessonLinks]:
    """Every lesson's Binder link, and its hub link when a hub is given."""
    return [LessonLinks(Path(path).stem, binder_link(repo, path, ref),
                        hub_link(hub, repo, path, ref) if hub else None)
            for path in lesson_files(lessons_dir)]


def links_text(links: list[LessonLinks]) -> str:
    """The links as plain text, one lesson a block, ready to paste into a message to a class."""
    blocks = []
    for item in links:
        lines = [item.lesson, f"  Binder:     {item.binder}"]
        if item.hub:
            lines.append(f"  JupyterHub: {item.hub}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
