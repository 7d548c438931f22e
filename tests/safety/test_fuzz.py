"""Random bytes overwritten in a store (fixed seed): every command prints exactly the right
output or refuses with a message, never a traceback, never a wrong number."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.safety.damage import copy_demo, overwrite, run

FAST_CASES = 20
SLOW_CASES = 200
COMMANDS = (
    ("table", "--area", "Leeds"),
    ("table", "--area", "LLR", "--format", "json"),
    ("maturity", "--area", "Leeds", "--period", "2019/20", "Q2"),
    ("goals", "--partnership", "Armley"),
    ("resources", "--area", "Leeds"),
)


@pytest.fixture(scope="module")
def expected(
    demo_database: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, ...], str]:
    from lcpdesk import cli

    data = tmp_path_factory.mktemp("pristine")
    copy_demo(demo_database, data)
    outputs: dict[tuple[str, ...], str] = {}
    for command in COMMANDS:
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert cli.main([*command, "--data-dir", str(data)]) == 0
        outputs[command] = out.getvalue()
    return outputs


def one_case(
    seed: int,
    tmp_path: Path,
    demo_database: Path,
    expected: dict[tuple[str, ...], str],
    capsys: pytest.CaptureFixture[str],
) -> str:
    """Damage one copy; returns "unharmed", "detected" (every command right or refused)."""
    rng = random.Random(seed)
    data = tmp_path / f"case{seed}"
    db_file = copy_demo(demo_database, data)
    size = db_file.stat().st_size
    overwrite(db_file, rng.randrange(size - 8), rng.randbytes(rng.choice((1, 8, 64))))
    refused = 0
    for command in COMMANDS:
        done = run(capsys, *command, "--data-dir", data)
        if done.code == 0:
            assert done.out == expected[command], f"seed {seed}: {command} printed a wrong figure"
        else:
            assert done.code == 1, f"seed {seed}: {command} exit {done.code}"
            assert done.err.startswith("lcpdesk: "), done.err
            assert "Traceback" not in done.err
            refused += 1
    check = run(capsys, "check", "--data-dir", data)
    assert check.code in (0, 1) and "Traceback" not in check.err
    if refused:
        assert check.code == 1, f"seed {seed}: a command refused but check says sound"
    return "detected" if check.code else "unharmed"


@pytest.mark.parametrize("seed", range(FAST_CASES))
def test_random_damage_fast(
    seed: int,
    tmp_path: Path,
    demo_database: Path,
    expected: dict[tuple[str, ...], str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    one_case(seed, tmp_path, demo_database, expected, capsys)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(FAST_CASES, FAST_CASES + SLOW_CASES))
def test_random_damage_slow(
    seed: int,
    tmp_path: Path,
    demo_database: Path,
    expected: dict[tuple[str, ...], str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    one_case(seed, tmp_path, demo_database, expected, capsys)
