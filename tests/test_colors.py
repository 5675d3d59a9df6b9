"""Colour maths: WCAG 2.x contrast and the least change of lightness that reaches it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deckgen import colors

hex_colors = st.integers(0, 0xFFFFFF).map(lambda v: f"#{v:06X}")


@pytest.mark.parametrize(("fg", "bg", "ratio"), [
    ("#000000", "#FFFFFF", 21.0),
    ("#FFFFFF", "#FFFFFF", 1.0),
    ("#777777", "#FFFFFF", 4.48),  # the classic just-too-light grey
    ("#767676", "#FFFFFF", 4.54),  # the lightest grey that passes
    ("#D4A017", "#FFFFFF", 2.38),  # the default palette's gold
    ("#B22222", "#FFFFFF", 6.68),
    ("#FFFFFF", "#1F3A5F", 11.48),
    ("#0000FF", "#FFFFFF", 8.59),
    ("#FF0000", "#FFFFFF", 4.0),
])
def test_contrast_of_known_pairs(fg: str, bg: str, ratio: float) -> None:
    assert colors.contrast(fg, bg) == pytest.approx(ratio, abs=0.005)
    assert colors.contrast(bg, fg) == colors.contrast(fg, bg)


def test_relative_luminance() -> None:
    assert colors.luminance("#000000") == 0
    assert colors.luminance("#FFFFFF") == pytest.approx(1)
    assert colors.luminance("#808080") == pytest.approx(0.2158605)
    assert colors.luminance("#00FF00") == pytest.approx(0.7152)


@pytest.mark.parametrize("bad", ["", "#FFF", "#GGGGGG", "#1234567", "red"])
def test_parse_rejects_what_is_not_rrggbb(bad: str) -> None:
    with pytest.raises(ValueError, match="not a #RRGGBB colour"):
        colors.parse(bad)


def test_parse_and_normalise_accept_any_case_with_or_without_hash() -> None:
    assert colors.parse("d4a017") == (0xD4, 0xA0, 0x17)
    assert colors.normalise("#d4a017") == "#D4A017"


@pytest.mark.parametrize(("size", "bold", "large", "ratio"), [
    (18, False, True, 3.0), (17.9, False, False, 4.5), (14, True, True, 3.0),
    (13.5, True, False, 4.5), (14, False, False, 4.5), (44, True, True, 3.0)])
def test_large_text_and_its_ratio(size: float, bold: bool, large: bool, ratio: float) -> None:
    assert colors.is_large(size, bold) is large
    assert colors.required_ratio(size, bold) == ratio


def test_readable_keeps_a_colour_that_already_passes() -> None:
    assert colors.readable("#b22222", "#FFFFFF") == "#B22222"


def test_readable_darkens_gold_on_white_just_enough() -> None:
    out = colors.readable("#D4A017", "#FFFFFF")
    assert colors.contrast(out, "#FFFFFF") >= 4.5
    assert colors.contrast(out, "#FFFFFF") < 4.6  # the least change, not black
    r, g, b = colors.parse(out)
    assert r > g > b  # still a gold: hue kept
    large = colors.readable("#D4A017", "#FFFFFF", 3.0)
    assert 3.0 <= colors.contrast(large, "#FFFFFF") < 3.1
    assert colors.luminance(large) > colors.luminance(out)  # less change for large text


def test_readable_lightens_on_a_dark_background() -> None:
    out = colors.readable("#1F4E79", "#1F2937")
    assert colors.luminance(out) > colors.luminance("#1F4E79")
    assert 4.5 <= colors.contrast(out, "#1F2937") < 4.6


def test_a_grey_stays_grey() -> None:
    assert colors.readable("#777777", "#FFFFFF") == "#767676"


def test_readable_falls_back_to_black_or_white_when_no_shade_reaches_the_ratio() -> None:
    # No colour reaches 7:1 against mid grey (white gives 4.48, black 4.69)
    assert colors.readable("#FF0000", "#777777", 7.0) == "#000000"


@given(hex_colors, hex_colors)
def test_readable_always_reaches_four_and_a_half(fg: str, bg: str) -> None:
    # Against any background, black or white reaches 4.58:1 at least, so a shade exists.
    assert colors.contrast(colors.readable(fg, bg), bg) >= 4.5


def test_best_text_takes_the_first_that_passes_else_the_most_readable() -> None:
    theme = ("#1F2937", "#FFFFFF", "#1F3A5F", "#F3F4F6")  # dk1, lt1, dk2, lt2
    assert colors.best_text(theme, "#FFFFFF") == "#1F2937"
    assert colors.best_text(theme, "#1F3A5F") == "#FFFFFF"
    assert colors.best_text(("#D4A017", "#7F7F7F"), "#FFFFFF") == "#7F7F7F"  # 4.0 > 2.4
    assert colors.best_text((), "#000000") == "#FFFFFF"


def test_blend() -> None:
    assert colors.blend("#000000", "#FFFFFF", 0.5) == "#808080"
    assert colors.blend("#B22222", "#FFFFFF", 1.0) == "#B22222"
    assert colors.blend("#B22222", "#FFFFFF", 0.0) == "#FFFFFF"


def test_average_is_the_mean_of_each_channel() -> None:
    # (0 + 255) / 2 = 127.5, rounded to 128 = 0x80
    assert colors.average(["#000000", "#FFFFFF"]) == "#808080"
    assert colors.average(["#FF0000", "#0000FF"]) == "#800080"
    assert colors.average(["#336699"]) == "#336699"
    assert colors.average(["#102030", "#203040", "#304050"]) == "#203040"


def test_lighten_moves_each_channel_towards_white_in_srgb() -> None:
    # 0x20 = 32: 32 + (255 - 32) * 0.3 = 98.9 → 99 = 0x63; 0x80 = 128: 128 + 127 * 0.3 =
    # 166.1 → 166 = 0xA6; 0xFF stays
    assert colors.lighten("#2080FF", 0.3) == "#63A6FF"
    assert colors.lighten("#000000", 0.5) == "#808080"  # 127.5 rounds to even: 128
    assert colors.lighten("#123456", 0.0) == "#123456"
    assert colors.lighten("#123456", 1.0) == "#FFFFFF"


def test_tint_and_shade_mix_in_linear_light_as_powerpoint_does() -> None:
    # the footer grey of Office's default theme: black at a 75 % tint
    assert colors.tint("#000000", 0.75) == "#898989"
    assert colors.tint("#4F81BD", 1.0) == "#4F81BD"
    assert colors.shade("#FFFFFF", 0.5) == "#BCBCBC"
    assert colors.shade("#4F81BD", 0.0) == "#000000"
