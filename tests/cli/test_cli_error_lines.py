"""Every subcommand's refusal of a missing or unreadable input is the program's one error line,
``dualcert: error: ...`` on stderr with exit status 2 and nothing on stdout; ``check`` included,
whose standalone checker words its own refusals (``check: ...``) for ``python checker.py``."""

import pytest

from certificates.cli import main
from certificates.cli.main import build_parser

MISSING = "/nonexistent-dualcert-input/data.csv"

# one refusal per subcommand; the test below fails when a subcommand is added without one here
REFUSALS = {
    "regions": ["regions", MISSING],
    "batch": ["batch", MISSING, "-o", "out.parquet"],
    "count": ["count", MISSING],
    "faces": ["faces", MISSING],
    "certify": ["certify", MISSING, "--dual", "1,1"],
    "solve": ["solve", MISSING, "--lam", "1/10"],
    "sweep": ["sweep", MISSING, "--lam", "1/10"],
    "plot": ["plot", MISSING],
    "demo": ["demo", "-o", "/proc/dualcert-demo"],
    "path": ["path", MISSING, "--lam-max", "1"],
    "check": ["check", MISSING],
    "datasets": ["datasets", "--nonsense"],
}


def _one_error_line(capsys, argv) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2 and out == "", (code, out, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("dualcert: error: ") or err.startswith(f"dualcert {argv[0]}: error: "), err
    return err


def test_every_subcommand_has_a_refusal_here():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == set(REFUSALS)


@pytest.mark.parametrize("command", sorted(REFUSALS))
def test_refusals_are_the_one_error_line(capsys, command):
    _one_error_line(capsys, REFUSALS[command])


@pytest.mark.parametrize("json", [False, True])
def test_check_refusals_carry_the_program_prefix(capsys, tmp_path, json):
    garbage = tmp_path / "garbage.json"
    garbage.write_text("not json")
    empty = tmp_path / "empty"
    empty.mkdir()
    flag = ["--json"] if json else []
    for target, words in ((MISSING, "cannot read"), (str(garbage), "not valid JSON"), (str(empty), "no proof files")):
        err = _one_error_line(capsys, ["check", target] + flag)
        assert err.startswith("dualcert: error: ") and words in err and target in err, err
