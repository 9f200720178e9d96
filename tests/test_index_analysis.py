"""Multilingual analysis: folding, tokenizing, bigrams, offsets, pickling."""

from __future__ import annotations

import pickle

import pytest

from trovetriage.index.analysis import (
    FoldingFilter,
    MultilingualTokenizer,
    fold,
    keyword_analyzer,
    path_analyzer,
    text_analyzer,
)


def texts(value: str) -> list[str]:
    return [t.text for t in text_analyzer()(value)]


def spans(value: str) -> list[tuple[str, int, int, int]]:
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in text_analyzer()(value, positions=True, chars=True)
    ]


@pytest.mark.parametrize("word", ["İstanbul", "ISTANBUL", "istanbul", "İSTANBUL", "ıstanbul"])
def test_turkish_istanbul_folds_to_one_term(word: str) -> None:
    assert texts(word) == ["istanbul"]


def test_turkish_dotless_and_dotted_i() -> None:
    assert fold("ı") == "i"
    assert fold("İ") == "i"
    assert fold("KIRMIZI") == "kirmizi"
    assert fold("kırmızı") == "kirmizi"
    assert fold("Çağrı") == "cagri"


def test_azerbaijani_schwa_is_kept_and_cased() -> None:
    assert texts("Azərbaycan ƏLİYEV") == ["azərbaycan", "əliyev"]


def test_arabic_harakat_do_not_split_and_fold_away() -> None:
    with_marks = "مُحَمَّد"
    assert texts(with_marks) == ["محمد"]  # one word, not split at every haraka
    assert texts(with_marks) == texts("محمد")


@pytest.mark.parametrize("variant", ["أحمد", "إحمد", "آحمد", "ٱحمد", "احمد"])
def test_arabic_alef_variants(variant: str) -> None:
    assert texts(variant) == ["احمد"]


def test_arabic_letter_variants_and_tatweel() -> None:
    assert fold("على") == fold("علي")  # alef maksura -> yeh
    assert fold("مكتبة") == fold("مكتبه")  # teh marbuta -> heh
    assert fold("مؤتمر") == "موتمر"
    assert fold("رئيس") == "رييس"
    assert fold("العـــربية") == fold("العربيه")  # tatweel removed


def test_romanian_comma_and_cedilla_forms_match() -> None:
    assert fold("ş") == fold("ș") == "s"
    assert fold("ţ") == fold("ț") == "t"
    assert texts("Ţară ȘTIINȚĂ") == texts("ţară ştiinţă") == ["tara", "stiinta"]


def test_malay_and_english_are_plain() -> None:
    assert texts("Kementerian Luar Negeri, Malaysia's") == [
        "kementerian", "luar", "negeri", "malaysia", "s",
    ]


def test_russian_case_and_yo() -> None:
    assert texts("ПРИВЕТ Привет привет") == ["привет"] * 3
    assert fold("Ёлка") == fold("елка")


def test_korean_particle_bigrams() -> None:
    with_particle = texts("비밀번호를")
    bare = texts("비밀번호")
    assert bare == ["비밀", "밀번", "번호"]
    assert with_particle[: len(bare)] == bare  # the query bigrams are a prefix: phrase matches
    assert texts("돈") == ["돈"]  # a single syllable stays a unigram


def test_korean_bigrams_have_consecutive_positions_and_original_offsets() -> None:
    value = "ABC비밀번호를 확인"
    got = spans(value)
    assert [g[0] for g in got] == ["abc", "비밀", "밀번", "번호", "호를", "확인"]
    assert [g[1] for g in got] == list(range(6))
    for text, _pos, start, end in got[1:]:
        assert value[start:end] == text


def test_offsets_point_into_the_original_string() -> None:
    value = "Ünïcode İSTANBUL مُحَمَّد ﬁle ŞEHİR"
    got = spans(value)
    assert [g[0] for g in got] == ["unicode", "istanbul", "محمد", "file", "sehir"]
    originals = [value[start:end] for _t, _p, start, end in got]
    assert originals == ["Ünïcode", "İSTANBUL", "مُحَمَّد", "ﬁle", "ŞEHİR"]


def test_addresses_split_into_parts_in_order() -> None:
    assert texts("John.Smith@MOFA.gov.bh 10.1.2.3") == [
        "john", "smith", "mofa", "gov", "bh", "10", "1", "2", "3",
    ]


def test_persian_zero_width_non_joiner_stays_inside_word() -> None:
    assert texts("می‌خواهم") == [fold("میخواهم")]


def test_untokenized_mode_keeps_wildcards_and_folds() -> None:
    tokens = [t.text for t in text_analyzer()("İstan*", tokenize=False)]
    assert tokens == ["istan*"]


def test_path_analyzer_splits_on_separators() -> None:
    value = r"uploads/A.zip!Inbox\3.eml!annex_FINAL-v2.docx"
    assert [t.text for t in path_analyzer()(value)] == [
        "uploads", "a", "zip", "inbox", "3", "eml", "annex", "final", "v2", "docx",
    ]


def test_keyword_analyzer_is_one_folded_token() -> None:
    assert [t.text for t in keyword_analyzer()("Message/RFC822")] == ["message/rfc822"]


def test_analyzers_pickle_without_compiled_state() -> None:
    for analyzer in (text_analyzer(), path_analyzer(), keyword_analyzer()):
        data = pickle.dumps(analyzer)
        assert b"regex" not in data and b"_regex" not in data
        clone = pickle.loads(data)
        assert clone == analyzer
        assert [t.text for t in clone("Ärger ıı")] == [t.text for t in analyzer("Ärger ıı")]
    assert MultilingualTokenizer(path=True) != MultilingualTokenizer()
    assert FoldingFilter() == FoldingFilter()


def test_empty_and_punctuation_only() -> None:
    assert texts("") == []
    assert texts(" ... --- !!! ") == []
    assert texts("\u064e\u064f") == []  # lone harakat fold to nothing and are dropped


def test_position_offsets_agree_with_the_tokenizer() -> None:
    value = "Ünïcode İSTANBUL\n مُحَمَّد ABC비밀번호를 ﬁle \u064e x.y@z 돈 ŞEHİR"
    tokenizer = MultilingualTokenizer()
    expected = {t.pos: t.startchar for t in tokenizer(value, positions=True, chars=True)}
    assert tokenizer.position_offsets(value, set(expected)) == expected
    assert tokenizer.position_offsets(value, {3}) == {3: expected[3]}
    assert tokenizer.position_offsets(value, {999}) == {}
    assert tokenizer.position_offsets(value, set()) == {}
