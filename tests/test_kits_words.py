"""Every installed kit's words: each action, value, quantity and fault of its model is named."""

from __future__ import annotations

import pytest

from labsim.equipment.safety import SafeWorkRig
from labsim.kits import get_model, model_names
from labsim.kits.words import kit_word, kit_words
from labsim.play.labels import control_label, rule_sentence
from labsim.play.rig_words import fault_title, model_title, note_text

REAL = [n for n in model_names() if get_model(n).action_names() is not None]


@pytest.mark.parametrize("name", REAL)
def test_a_kit_names_its_actions_faults_and_quantities_in_english_and_chinese(name: str) -> None:
    model = get_model(name)
    words = kit_words(model)
    assert name in words["models"]
    own = set(model.action_names() or ()) - set(SafeWorkRig.action_names() or ())
    for section, keys in (
        ("actions", own),
        ("faults", set(model.faults)),
        ("quantities", model.quantity_names()),
    ):
        missing = sorted(k for k in keys if k not in words.get(section, {}))
        assert not missing, f"{name}: no {section} words for {missing}"
    for fault in model.faults:
        assert fault_title(model, fault, "zh") != model.faults[fault].title


def test_kit_words_come_first_and_fall_back_to_english() -> None:
    zd6 = get_model("zd6_point_machine")
    assert control_label("throw", {"to": "reverse"}, "zh", zd6) == "操纵 ▸反位"
    assert control_label("throw", {"to": "reverse"}, "fr", zd6) == "Manœuvrer ▸R"
    assert control_label("throw", {"to": "reverse"}, "ru", zd6) == "Перевести ▸−"
    assert control_label("throw", {"to": "reverse"}, "de", zd6) == "Throw ▸R"  # no German
    assert model_title(zd6, "zh") == "ZD6转辙机"
    assert kit_word(zd6, "actions", "no_such_action", "en") is None
    assert "4mm" in rule_sentence("pm.friction-needs-plate", "zh", None, zd6)
    assert note_text("diagnosed: trailed point", "zh", zd6).startswith("判断：")
