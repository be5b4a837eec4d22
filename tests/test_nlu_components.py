"""The custom Rasa NLU components on Rasa Message objects, with the real knowledge base (no training)."""

from __future__ import annotations

import pytest
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.config import PROJECT_ROOT
from bot.knowledge import KnowledgeBase, build
from bot.nlu.components import (
    ENTITY_TYPES,
    SHAPE_FEATURES,
    EntityFeaturizer,
    GazetteerEntityExtractor,
    PlainWhitespaceTokenizer,
    RuleEntityExtractor,
)
from bot.nlu.gazetteer import EntityGazetteer


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory) -> EntityGazetteer:
    database = build(PROJECT_ROOT / "knowledge", tmp_path_factory.mktemp("kb") / "kb.db").database
    return EntityGazetteer.from_knowledge(KnowledgeBase(database))


@pytest.fixture(scope="module")
def extractors(gazetteer):
    return [RuleEntityExtractor(), GazetteerEntityExtractor(gazetteer)]


def entities(extractors, text: str) -> dict[str, tuple[str, object]]:
    """{entity type: (text as written, value)} found in ``text`` by the pipeline's extractors, in order."""
    message = Message(data={"text": text})
    for extractor in extractors:
        extractor.process([message])
    found = message.get("entities", [])
    for entity in found:
        assert {"entity", "start", "end", "value", "confidence", "extractor"} <= set(entity)
    return {entity["entity"]: (text[entity["start"] : entity["end"]], entity["value"]) for entity in found}


def test_a_mixed_french_sentence(extractors):
    found = entities(extractors, "Je suis à Arras avec 2 jours, la Grande Guerre m'intéresse")
    assert found == {
        "town": ("Arras", "Arras"),
        "duration": ("2 jours", "2 jours"),
        "theme": ("Grande Guerre", "ww1"),
    }


def test_a_mixed_english_sentence(extractors):
    found = entities(extractors, "we're in Lille for the weekend with the kids, what WW2 sites can we see?")
    assert found["town"] == ("Lille", "Lille")
    assert found["party"] == ("kids", "family")
    assert found["theme"] == ("WW2", "ww2")
    assert found["date"][0] == "the weekend"


@pytest.mark.parametrize(
    ("text", "written", "site_id"),
    [
        ("les horaires de la Coupole d'Helfaut ?", "Coupole d'Helfaut", "la-coupole"),
        ("c'est quoi la coupol ?", "la coupol", "la-coupole"),  # typo of the alias "La Coupole"
        ("historial peronn", "historial peronn", "historial-peronne"),  # typos, no accents
        ("Carriere Welington demain", "Carriere Welington", "carriere-wellington"),
        ("tarif de l'Historial", "Historial", "historial-peronne"),  # the elided article is not the site
        ("Royallieu's address", "Royallieu", "royallieu-memorial"),
        ("MIMOYECQUES", "MIMOYECQUES", "mimoyecques"),
        ("musee de la mine horaires demain", "musee de la mine", "lewarde-centre-historique-minier"),
    ],
)
def test_sites_by_name_alias_and_typo(extractors, text, written, site_id):
    assert entities(extractors, text)["site"] == (written, site_id)


@pytest.mark.parametrize(
    ("text", "written", "town"),
    [
        ("je pars d'Arras", "Arras", "Arras"),
        ("on dort à Boulogne sur mer", "Boulogne sur mer", "Boulogne-sur-Mer"),
        ("from Dunkirk", "Dunkirk", "Dunkerque"),  # the English name
        ("near st omer", "st omer", "Saint-Omer"),
        ("Saint-Omer", "Saint-Omer", "Saint-Omer"),  # not Saint-Omer-en-Chaussée
        ("depuis boulogne", "boulogne", "Boulogne-sur-Mer"),  # in the region, not Boulogne-Billancourt
        ("près de Valencienne", "Valencienne", "Valenciennes"),  # capitalised typo
        ("I live in Deal", "Deal", "Deal"),  # a common word as a town: capitalised inside a sentence
    ],
)
def test_towns(extractors, text, written, town):
    assert entities(extractors, text)["town"] == (written, town)


@pytest.mark.parametrize(
    ("text", "written", "theme"),
    [
        ("la guerre de 14", "guerre de 14", "ww1"),
        ("plutôt 39-45", "39-45", "ww2"),
        ("the Great War", "Great War", "ww1"),
        ("les mineurs du Nord", "mineurs", "mining"),
        ("premiere guere mondiale", "premiere guere mondiale", "ww1"),  # typo, no accents
    ],
)
def test_themes_by_synonym(extractors, text, written, theme):
    assert entities(extractors, text)["theme"] == (written, theme)


@pytest.mark.parametrize(
    "text",
    [
        "ok",
        "bus",
        "en",
        "Eu",
        "Y",
        "the deal is done",
        "rue de la paix",
        "une vraie personne",
        "remets tout",
        "😀",
        "",
    ],
)
def test_no_site_town_or_theme_in_common_words(extractors, text):
    found = entities(extractors, text)
    assert not {"site", "town", "theme"} & set(found), found


def test_bus_is_a_transport_mode_not_a_town(extractors):
    assert entities(extractors, "on prend le bus") == {"transport_mode": ("bus", "transit")}


def test_rule_entities_and_their_normalised_values(extractors):
    found = entities(
        extractors, "samedi prochain, sans voiture, un groupe de 25 personnes, en fauteuil roulant"
    )
    assert found["date"] == ("samedi prochain", "samedi prochain")
    assert found["transport_mode"] == ("sans voiture", "transit")
    assert found["party"] == ("groupe", "group")
    assert found["number"] == ("25", 25)
    assert found["accessibility"] == ("en fauteuil roulant", "wheelchair")


def test_an_earlier_extractor_keeps_its_span(extractors):
    # "anglais" is also a theme synonym (commonwealth): here it is the language asked for.
    assert entities(extractors, "réponds en anglais") == {"language": ("anglais", "en")}
    # "11 novembre" is also the armistice theme: the date wins.
    assert entities(extractors, "le 11 novembre")["date"] == ("le 11 novembre", "le 11 novembre")


def test_a_long_message_is_handled(extractors):
    found = entities(extractors, "je voudrais visiter Arras " * 300)
    assert found["town"] == ("Arras", "Arras")


def test_a_lone_surrogate_is_read_around_with_offsets_kept(extractors, gazetteer):
    text = "Bonjour \ud800 Arras demain, la Coupole\udfff"
    found = entities(extractors, text)
    assert found["town"] == ("Arras", "Arras")
    assert found["site"][1] == "la-coupole"
    message = Message(data={"text": text})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    EntityFeaturizer(EntityFeaturizer.get_default_config(), "entity_featurizer", gazetteer).process([message])
    assert message.features  # it raised UnicodeEncodeError in spaCy


def test_the_featurizer_marks_entity_types_on_tokens_and_sentence(gazetteer):
    message = Message(data={"text": "Abbeville demain"})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    EntityFeaturizer(EntityFeaturizer.get_default_config(), "entity_featurizer", gazetteer).process([message])
    by_type = {features.type: features.features.toarray() for features in message.features}
    town, date = ENTITY_TYPES.index("town"), ENTITY_TYPES.index("date")
    all_entities, mostly = (
        len(ENTITY_TYPES) + SHAPE_FEATURES.index(name) for name in ("all_entities", "mostly_entities")
    )
    assert by_type["sentence"][0].nonzero()[0].tolist() == sorted([town, date, all_entities, mostly])
    assert by_type["sequence"][0].nonzero()[0].tolist() == [town]
    assert by_type["sequence"][1].nonzero()[0].tolist() == [date]


def test_the_featurizer_marks_a_question_that_is_not_only_entities(gazetteer):
    message = Message(data={"text": "c'est ouvert à Arras ?"})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    EntityFeaturizer(EntityFeaturizer.get_default_config(), "entity_featurizer", gazetteer).process([message])
    sentence = next(
        features for features in message.features if features.type == "sentence"
    ).features.toarray()
    shape = {name: sentence[0][len(ENTITY_TYPES) + index] for index, name in enumerate(SHAPE_FEATURES)}
    assert shape == {"all_entities": 0.0, "mostly_entities": 0.0, "question_mark": 1.0}


def test_the_plain_tokenizer_keeps_the_text_and_writes_the_lemma_plain():
    message = Message(data={"text": "Évènement à Péronne, merciii"})
    PlainWhitespaceTokenizer(PlainWhitespaceTokenizer.get_default_config()).process([message])
    tokens = message.get("text_tokens")
    assert [token.text for token in tokens] == ["Évènement", "à", "Péronne", "merciii"]
    assert [token.lemma for token in tokens] == ["evenement", "a", "peronne", "mercii"]


def test_markup_is_no_token_and_the_other_words_keep_their_offsets():
    text = "<script>alert('x')</script> horaires <b>la coupole</b>"
    message = Message(data={"text": text})
    PlainWhitespaceTokenizer(PlainWhitespaceTokenizer.get_default_config()).process([message])
    tokens = message.get("text_tokens")
    assert [token.text for token in tokens] == ["horaires", "la", "coupole"]
    assert all(text[token.start : token.end] == token.text for token in tokens)
    only_markup = Message(data={"text": "<b></b>"})
    PlainWhitespaceTokenizer(PlainWhitespaceTokenizer.get_default_config()).process([only_markup])
    assert only_markup.get("text_tokens")
