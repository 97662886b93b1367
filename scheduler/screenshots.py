"""Screenshots of HTML pages in Chromium (Playwright), taken in a child process with a time limit.

Debian's Chromium now and then stops answering when a page is opened (README, Known limits): the
child is stopped at the deadline, and `take` returns the screenshots finished by then (the rest are
taken at a later patrol). Pages are shown with JavaScript off and every request refused.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from collections.abc import Sequence
from pathlib import Path

from crawler.runner import CHROMIUM_ARGS

VIEWPORT = {"width": 600, "height": 400}


def take(pages: Sequence[tuple[str, str]], *, chromium: str, timeout_s: float) -> dict[str, bytes]:
    """PNG screenshots of the ``<article>`` of `pages` ((key, html) pairs), by key: those finished within
    `timeout_s`."""
    if not pages:
        return {}
    with tempfile.TemporaryDirectory(prefix="patrol-shots-") as folder:
        child = multiprocessing.get_context("spawn").Process(target=_shoot, args=(list(pages), chromium, folder),
                                                             name="patrol-screenshots")
        child.start()
        child.join(timeout_s)
        if child.is_alive():
            child.kill()
            child.join()
        return {path.stem: path.read_bytes() for path in Path(folder).glob("*.png")}


def _shoot(pages: list[tuple[str, str]], chromium: str, folder: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=False, viewport=VIEWPORT,  # type: ignore[arg-type]
                                      device_scale_factor=1.5, offline=True)
        page = context.new_page()
        page.route("**/*", lambda route: route.abort())
        for key, html in pages:
            page.set_content(html, wait_until="load")
            target = Path(folder) / f"{key}.part"
            box = page.locator("article").bounding_box()  # a clip is three times faster than an element shot
            page.screenshot(path=str(target), type="png", full_page=True, clip=box)
            target.rename(target.with_suffix(".png"))
        browser.close()
