"""Names told apart: places, organisations, universities, people (insights/ingest/names)."""

import pytest

from insights.ingest import claims, gazetteer, lexicon

LEXICONS = lexicon.read_lexicons()
GAZETTEER = gazetteer.load_gazetteer()
LATAM = gazetteer.find_place("Latin America", GAZETTEER)


@pytest.mark.parametrize(
    ("sentence", "language", "places", "organisations", "universities", "people"),
    [
        (
            "Mexico City, Recife, Bogota, Medellin and Santiago compete for engineers.",
            "en",
            ["Mexico City", "Recife", "Bogota", "Medellin", "Santiago"],
            [],
            [],
            [],
        ),
        (
            "Firms such as IBM, Kodak, Motorola, General Electric, Hewlett Packard, Intel, "
            "Oracle and Continental set up plants.",
            "en",
            [],
            [
                "IBM",
                "Kodak",
                "Motorola",
                "General Electric",
                "Hewlett Packard",
                "Intel",
                "Oracle",
                "Continental",
            ],
            [],
            [],
        ),
        (
            "Latin American founders admire Silicon Valley, say Latino engineers in Sao Paulo.",
            "en",
            ["Sao Paulo"],
            [],
            [],
            [],
        ),
        (
            "Mr Ramón Ortega, the Secretary of Innovation, praised the University of Guadalajara.",
            "en",
            [],
            [],
            ["University of Guadalajara"],
            [("Ramón Ortega", "Secretary of Innovation")],
        ),
        (
            "Ruta N y Bancolombia financian a la Universidad de los Andes en Medellín.",
            "es",
            ["Medellín"],
            ["Ruta N", "Bancolombia"],
            ["Universidad de los Andes"],
            [],
        ),
    ],
)
def test_read_names(sentence, language, places, organisations, universities, people):
    names = claims.read_names(sentence, frozenset(), LEXICONS[language], GAZETTEER, LATAM.countries)
    assert [n.text for n in names.places] == places
    assert [n.text for n in names.organisations] == organisations
    assert [n.text for n in names.universities] == universities
    assert [(n.text, n.role) for n in names.people] == people
