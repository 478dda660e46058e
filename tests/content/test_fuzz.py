"""Whatever the text, validation accepts it or reports located problems; it never raises anything else."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.errors import ContentError
from game.content.loader import load_bytes
from tests.helpers import GOOD_BANK

NAME = "fuzz.yaml"
LINES = GOOD_BANK.splitlines(keepends=True)
YAML_BITS = [":", "- ", "  ", "\t", "&a ", "*a", "!!str ", "[", "]", "{", "}", "'", '"', "#", "|", ">",
             "\n", "? ", "<<: ", "---\n", "...\n", "type: ", "answer: ", "\x00", "\ufeff", "é", "🙂"]


def check(raw: bytes) -> None:
    try:
        load_bytes(raw, NAME)
    except ContentError as err:
        assert err.problems, "an error must say what is wrong"
        for problem in err.problems:
            assert problem.path == NAME
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message.strip() and "\n" not in problem.message
            assert "Traceback" not in problem.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=8), max_size=60))
def test_random_text(pieces):
    check("".join(pieces).encode("utf-8", errors="surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes(raw):
    check(raw)


mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("duplicate"), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("swap"), st.integers(0, len(LINES) - 1), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("insert"), st.integers(0, len(GOOD_BANK)), st.sampled_from(YAML_BITS)),
    st.tuples(st.just("cut"), st.integers(0, len(GOOD_BANK))),
    st.tuples(st.just("indent"), st.integers(0, len(LINES) - 1), st.integers(-4, 4)),
)


def mutate(ops) -> str:
    lines = list(LINES)
    for op in ops:
        if not lines:
            break
        if op[0] == "delete":
            del lines[op[1] % len(lines)]
        elif op[0] == "duplicate":
            i = op[1] % len(lines)
            lines.insert(i, lines[i])
        elif op[0] == "swap":
            i, j = op[1] % len(lines), op[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif op[0] == "insert":
            text = "".join(lines)
            at = op[1] % (len(text) + 1)
            lines = (text[:at] + op[2] + text[at:]).splitlines(keepends=True)
        elif op[0] == "cut":
            text = "".join(lines)
            lines = text[: op[1] % (len(text) + 1)].splitlines(keepends=True)
        elif op[0] == "indent":
            i = op[1] % len(lines)
            lines[i] = (" " * op[2] + lines[i]) if op[2] > 0 else lines[i][-op[2]:]
    return "".join(lines)


@settings(max_examples=400, deadline=None)
@given(st.lists(mutation, min_size=1, max_size=4))
def test_mutated_valid_bank(ops):
    check(mutate(ops).encode("utf-8", errors="surrogatepass"))
