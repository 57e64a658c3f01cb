"""Does the ``--latex`` output compile, and without an overfull box?

Runs the demo cases through the command line (``solve`` for XOR with a bias and for the 1-D hat
of ``dualcert demo``, ``certify`` for the hat's dual vector, ``path`` for both), compiles each
twice with ``pdflatex``: pasted into a document whose preamble is only the documented one
(``amsmath``, ``booktabs``), and as the ``--standalone`` document itself.  Prints one line per
case: the status of pdflatex, the number of overfull and underfull boxes, the worst overfull
amount.  Exit status 1 when a case fails to compile or has an overfull box.

    python benchmarks/check_latex.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HAT = "x,y\n-2,0\n-1,1\n0,2\n1,1\n2,0\n"
RANDOM = ("a,b,c,y\n-4,3,-2,1\n4,-1,0,-2\n2,2,-3,0\n-1,-4,4,2\n0,1,1,-1\n3,-3,-4,1\n-2,0,3,0\n"
          "1,4,-1,-2\n-3,-2,2,2\n")   # 9 points in 3-D: a verified (interval) answer with float vectors
PASTE = "\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{booktabs}\n\\begin{document}\n%s\n\\end{document}\n"


def cases(hat: str, random: str) -> list:
    return [("solve-xor", ["solve", "xor", "--bias", "--lam", "1/10"]),
            ("solve-hat", ["solve", hat, "--bias", "--lam", "1/10"]),
            ("solve-xor-exact-fit", ["solve", "xor", "--bias", "--exact-fit"]),
            ("certify-hat", ["certify", hat, "--bias", "--dual=-5/7,3/7,11/7,3/7,-5/7", "--lam", "1/10"]),
            ("certify-xor", ["certify", "xor", "--bias", "--dual=-1,1,1,-1", "--lam", "1/10"]),
            ("path-hat", ["path", hat, "--bias", "--lam-max", "2", "--lam-min", "1/100"]),
            ("path-xor", ["path", "xor", "--bias", "--lam-max", "1", "--lam-min", "1/100"]),
            ("solve-random", ["solve", random, "--bias", "--lam", "1/7", "--normalize"]),
            ("certify-infeasible", ["certify", hat, "--bias", "--dual=1,-2,3,-4,5", "--lam", "1/10"])]


def compile_tex(source: str, directory: Path, name: str) -> dict:
    """pdflatex on ``source``: ``{"ok", "overfull": [pt], "underfull": int, "log"}``."""
    tex = directory / f"{name}.tex"
    tex.write_text(source)
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                         cwd=directory, capture_output=True, text=True, timeout=120)
    log = (directory / f"{name}.log").read_text(errors="replace")
    overfull = [float(v) for v in re.findall(r"Overfull \\[hv]box \(([\d.]+)pt too", log)]
    return {"ok": run.returncode == 0, "overfull": overfull, "underfull": log.count("Underfull"), "log": log}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", metavar="DIR", help="keep the .tex, .log and .pdf files in DIR")
    args = parser.parse_args()
    if shutil.which("pdflatex") is None:
        print("pdflatex not found (apt-get install texlive-latex-base texlive-latex-recommended)")
        return 1
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="check_latex_"))
    work.mkdir(parents=True, exist_ok=True)
    hat = work / "hat.csv"
    hat.write_text(HAT)
    random = work / "random.csv"
    random.write_text(RANDOM)
    failed = 0
    for name, argv in cases(str(hat), str(random)):
        base = [sys.executable, "-m", "certificates", *argv, "--quiet"]
        pasted = subprocess.run(base + ["--latex"], capture_output=True, text=True, timeout=600)
        whole = subprocess.run(base + ["--latex", "--standalone"], capture_output=True, text=True, timeout=600)
        if pasted.returncode or whole.returncode:
            print(f"{name:22s} dualcert failed: {(pasted.stderr or whole.stderr).strip()}")
            failed += 1
            continue
        for kind, source in (("pasted", PASTE % pasted.stdout), ("standalone", whole.stdout)):
            result = compile_tex(source, work, f"{name}-{kind}")
            worst = max(result["overfull"], default=0.0)
            bad = not result["ok"] or result["overfull"]
            failed += bool(bad)
            print(f"{name:22s} {kind:10s} {'compiled' if result['ok'] else 'FAILED  '}  "
                  f"overfull {len(result['overfull'])} (worst {worst:.1f}pt)  underfull {result['underfull']}"
                  f"  {len(source)} chars")
    if args.keep:
        print(f"files in {work}")
    if not args.keep:
        shutil.rmtree(work)
    print("all compiled, no overfull box" if not failed else f"{failed} failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
