"""Hostile inputs to the work of issues 12 and 13 (batch manifests, path, proofs)."""

from certificates.manifest import read_manifest


def test_manifest_in_the_current_folder_finds_its_data_and_dual_files(tmp_path, monkeypatch):
    """`dualcert batch m.csv` run from the manifest's own folder: the data file and the dual file
    next to it were rejected ("no data file d.csv next to the manifest"), since the resolved name
    './d.csv' prints as the bare text 'd.csv'."""
    (tmp_path / "d.csv").write_text("x1,y\n1,1\n2,0\n")
    (tmp_path / "p.json").write_text("[1, 0]\n")
    (tmp_path / "m.csv").write_text("id,data,bias,task,dual,lam\na,d.csv,0,solve,,1/2\n"
                                    "b,d.csv,0,certify,p.json,\n")
    monkeypatch.chdir(tmp_path)
    tasks = read_manifest("m.csv")
    assert [(t["id"], t["data"], t["dual"]) for t in tasks] == [("a", "d.csv", ""), ("b", "d.csv", "p.json")]
