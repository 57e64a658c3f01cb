"""Question: over random data sets of 8 points in Q^3 at lambda = 1/10, how often is the
minimiser unique?  Claim checked on every data set: its atom count is at most the support
bound |Ext| (every minimiser lives on the extreme set).  A resumable campaign.

    python examples/campaign.py [--sets 8] [--workers N] [--dir DIR] [-o campaign.png]

The data sets and a manifest (one ``solve`` task per set) are written into DIR (default: a new
temporary folder), and the tasks go through ``certificates.campaigns.batch.run_campaign``: here in this
process, or with ``--workers N`` on a local Dask cluster.  The results are
``DIR/results.parquet``, one row per data set; running the script again with the same
``--dir`` (and more ``--sets``) runs only the data sets that have no row yet.  With 8 sets it
takes a few seconds; ``--sets 1000 --workers 2`` is the question asked at full size.
"""

import json
import random
import sys
import tempfile
from pathlib import Path

from certificates.campaigns.batch import campaign_client, run_campaign

sets = int(sys.argv[sys.argv.index("--sets") + 1]) if "--sets" in sys.argv else 8
workers = int(sys.argv[sys.argv.index("--workers") + 1]) if "--workers" in sys.argv else None
if "--dir" in sys.argv:
    directory = Path(sys.argv[sys.argv.index("--dir") + 1])
    directory.mkdir(parents=True, exist_ok=True)
else:
    directory = Path(tempfile.mkdtemp(prefix="dualcert-campaign-"))
rng = random.Random(2026)            # the same data sets on every run, so a rerun resumes
lines = ["id,data,bias,task,dual,lam"]
for i in range(sets):
    X = [[rng.randint(-5, 5) for _ in range(3)] for _ in range(8)]
    y = [rng.choice([-1, 0, 1, 2]) for _ in range(8)]
    (directory / f"set{i}.json").write_text(json.dumps({"X": X, "y": y}))
    lines.append(f"set{i:03d},set{i}.json,false,solve,,1/10")
(directory / "manifest.csv").write_text("\n".join(lines) + "\n")

if workers:
    with campaign_client(workers=workers) as client:
        rows = run_campaign(directory / "manifest.csv", directory / "results.parquet", client=client)
else:
    rows = run_campaign(directory / "manifest.csv", directory / "results.parquet")

ok = [r for r in rows if r["status"] != "error"]
unique = sum(1 for r in ok if r["unique"])
print(f"results in {directory / 'results.parquet'}")
print(f"{len(rows)} data sets of 8 points in Q^3, lambda = 1/10 ({sum(r['seconds'] for r in rows):.1f} s of work)")
print("status: " + ", ".join(f"{s} {sum(1 for r in rows if r['status'] == s)}"
                             for s in sorted({r['status'] for r in rows})))
print(f"unique minimiser: {unique} of {len(ok)}, not unique: {sum(1 for r in ok if r['unique'] is False)}, "
      f"undecided: {sum(1 for r in ok if r['unique'] is None)}")
print("atoms <= support bound |Ext| in every case:", all(r["n_atoms"] <= r["support_bound"] for r in ok))
print("id       atoms  |Ext|  unique  sup eta^2")
for r in ok:
    print(f"{r['id']}  {r['n_atoms']:5d}  {r['support_bound']:5d}  {str(r['unique']):6s}  {r['sup_abs_eta_squared']}")
if "-o" in sys.argv:
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    fig = Figure(figsize=(4.5, 4))
    ax = fig.add_subplot()
    bound = [r["support_bound"] for r in ok]
    ax.scatter(bound, [r["n_atoms"] for r in ok], c=["tab:blue" if r["unique"] else "tab:red" for r in ok])
    top = max(bound + [1]) + 1
    ax.plot([0, top], [0, top], "k--", lw=0.8, label="atoms = |Ext|")
    ax.set_xlabel("support bound |Ext|")
    ax.set_ylabel("atoms of the minimiser")
    ax.set_title("blue: unique, red: not unique or undecided")
    ax.legend()
    path = sys.argv[sys.argv.index("-o") + 1]
    fig.savefig(path, dpi=120, bbox_inches="tight")
    print("wrote", path)
