"""Open the interactive sphere of ``dualcert plot --html`` in headless Chromium and screenshot it.

Writes the XOR-with-bias picture at lambda = 1/10 (d = 3) and the 1-D hat's (d = 2), loads each
page in headless Chromium (software WebGL) and saves a PNG; prints the file sizes, the time to
write the page, and whether the screenshot shows the page (not blank: many distinct colours).
Look at the PNGs: regions coloured red/blue by the certificate, great circles, extreme points.

    python benchmarks/check_html_plot.py [--out DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

HAT = "x,y\n-2,0\n-1,1\n0,2\n1,1\n2,0\n"


def browser() -> str | None:
    return next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(name)), None)


def screenshot(chrome: str, page: Path, png: Path) -> bool:
    run = subprocess.run([chrome, "--headless", "--no-sandbox", "--disable-gpu", "--use-angle=swiftshader",
                          "--enable-unsafe-swiftshader", "--hide-scrollbars", "--window-size=1200,900",
                          "--virtual-time-budget=15000", f"--screenshot={png}", page.resolve().as_uri()],
                         capture_output=True, text=True, timeout=180)
    return run.returncode == 0 and png.exists()


def colours(png: Path) -> int:
    from matplotlib.image import imread
    image = imread(png)[..., :3]
    return len({tuple(v) for v in (image.reshape(-1, 3)[::17] * 255).astype(int).tolist()})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="html_plot_check", metavar="DIR", help="folder for the pages and PNGs")
    args = parser.parse_args()
    chrome = browser()
    if chrome is None:
        print("no chromium found (apt-get install chromium)")
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "hat.csv").write_text(HAT)
    failed = 0
    for name, data in (("xor", "xor"), ("hat", str(out / "hat.csv"))):
        page, png = out / f"{name}.html", out / f"{name}.png"
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "certificates", "plot", data, "--bias", "--lam", "1/10",
                              "--html", str(page), "--quiet"], capture_output=True, text=True, timeout=600)
        seconds = time.perf_counter() - start
        if run.returncode:
            print(f"{name}: dualcert failed: {run.stderr.strip()}")
            failed += 1
            continue
        shot = screenshot(chrome, page, png)
        distinct = colours(png) if shot else 0
        ok = shot and distinct > 20
        failed += not ok
        print(f"{name}: page {page.stat().st_size / 1e6:.1f} MB written in {seconds:.1f} s; screenshot "
              f"{png if shot else 'FAILED'} ({distinct} distinct colours){'' if ok else '  <- blank?'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
