"""Property-based tests of province-name matching: every harmless variant of a name finds its unit; nothing raises."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.registry import load_registry, name_key

REG = load_registry()
UNITS = [(p.name_vi, p.code, p.vintage) for p in REG.provinces]


@st.composite
def variants(draw):
    """A registry name written the way sources write it: case, spacing, dashes, NFD/NFC, a prefix."""
    name, code, vintage = draw(st.sampled_from(UNITS))
    words = name.split()
    sep = draw(st.sampled_from([" ", "  ", " - ", "-", " – ", "\u00a0"]))
    s = sep.join(words) if len(words) > 1 else name
    s = "".join(c.upper() if draw(st.booleans()) else c for c in s)
    s = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD", "NFKC"])), s)
    prefix = draw(st.sampled_from(["", "Tỉnh ", "tỉnh ", "Thành phố ", "TP. ", "Tp. "]))
    pad = draw(st.sampled_from(["", " ", "\t", "  "]))
    return pad + prefix + s + pad, code, vintage


@settings(max_examples=2000, deadline=None)
@given(variants())
def test_variants_match_their_unit(v):
    text, code, vintage = v
    assert REG.lookup(text, vintage) == code, text


@settings(max_examples=2000, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_raises_and_gives_a_unit_or_none(text):
    for vintage in (63, 34):
        code = REG.lookup(text, vintage)
        assert code is None or (code, vintage) in {(p.code, p.vintage) for p in REG.provinces}


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=60))
def test_key_is_stable(text):
    k = name_key(text)
    assert k == name_key(unicodedata.normalize("NFD", text)) or not k.isascii()
    assert k == k.strip() and " " not in k


def test_all_registry_keys_distinct_within_a_vintage():
    for vintage in (63, 34):
        keys = [name_key(p.name_vi) for p in REG.units(vintage)]
        assert len(keys) == len(set(keys))
