"""The module rules of ARCHITECTURE.md ("Module rules") still hold: who may import Rasa, what the
planner, the trip layer, the knowledge base and the text catalogue may import, what actions reach.

Every import statement counts, those inside functions too (a lazy import is still a dependency);
``if TYPE_CHECKING:`` blocks are skipped (annotations only). A rule changed here changes there.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

PROJECT_PACKAGES = ("bot", "actions", "channels", "stores")
RASA = ("rasa", "rasa_sdk")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported_modules(path: Path) -> set[str]:
    """The modules ``path`` imports, absolute ("from . import x" resolved); for ``from a import b``
    both ``a`` and ``a.b`` (b may be a module)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    pending: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while pending:
        node = pending.pop()
        if _type_checking_only(node):
            pending += node.orelse
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parents = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parents, *([node.module] if node.module else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        pending += ast.iter_child_nodes(node)
    return found


def python_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (PROJECT_ROOT / folder).rglob("*.py"))


def within(module: str, *prefixes: str) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def project_imports(path: Path) -> set[str]:
    return {module for module in imported_modules(path) if within(module, *PROJECT_PACKAGES)}


def relative(path: Path) -> str:
    return path.relative_to(PROJECT_ROOT).as_posix()


def only(*prefixes: str):
    """An ``allowed(file, module)`` that takes the modules within ``prefixes``."""
    return lambda file, module: within(module, *prefixes)


def never(*prefixes: str):
    """An ``allowed(file, module)`` that refuses the modules within ``prefixes``."""
    return lambda file, module: not within(module, *prefixes)


def breaches(files: list[Path], allowed) -> list[str]:
    """``file: module`` for every import of ``files`` that ``allowed(file, module)`` refuses."""
    return [
        f"{relative(path)}: {module}"
        for path in files
        for module in sorted(project_imports(path) | {m for m in imported_modules(path) if within(m, *RASA)})
        if not allowed(relative(path), module)
    ]


def test_the_import_reader_sees_lazy_imports_and_skips_type_checking_blocks():
    formats = imported_modules(PROJECT_ROOT / "bot" / "texts" / "formats.py")  # bot.knowledge: annotations
    assert "bot.texts" in formats and not any(within(module, "bot.knowledge") for module in formats)
    assert "bot.texts.plans" in imported_modules(PROJECT_ROOT / "bot" / "trip" / "exports.py")  # lazy


# Rule 1: bot/ is independent of Rasa; only bot/nlu/ (custom NLU components) and bot/devtools/
# (the NLU evaluation loads Rasa's training data and runs its model) import it.
def test_only_the_nlu_and_the_devtools_import_rasa():
    core = [path for path in python_files("bot") if not within(module_name(path), "bot.nlu", "bot.devtools")]
    assert breaches(core, never(*RASA)) == []


# Rule 2: the planner knows nothing of the project (sites, texts, places): only itself and bot.errors.
def test_the_planner_imports_nothing_of_the_project():
    assert breaches(python_files("bot/planner"), only("bot.planner", "bot.errors")) == []


# Rule 3: the knowledge base depends on nothing but the settings, the point helpers and the errors.
def test_the_knowledge_base_imports_only_config_geo_and_errors():
    allowed = only("bot.knowledge", "bot.config", "bot.geo", "bot.errors")
    assert breaches(python_files("bot/knowledge"), allowed) == []


# Rule 4: the trip layer and the planner return facts and codes; words are bot/texts' (plans.py,
# formats.py). Exceptions, each for a caller that still asks the trip layer for words:
TRIP_WORDING_BRIDGES = {
    "bot/trip/cli.py",  # `python -m bot plan`, a front end like the website: prints the worded plan
    "bot/trip/request.py",  # TripPlan.to_dict(), lazily, for bot/webapp.py (-> bot.texts.plans.plan_json)
    "bot/trip/exports.py",  # to_ics / to_gpx name warnings and starts, lazily (the website, channels)
    "bot/trip/render.py",  # format_date re-exported for bot/conversation/trip_details.py until it moves
}


def test_the_trip_layer_and_the_planner_word_nothing():
    files = [
        path for path in python_files("bot/trip", "bot/planner") if relative(path) not in TRIP_WORDING_BRIDGES
    ]
    assert breaches(files, never("bot.texts")) == []


def test_plan_trip_calls_no_text_catalogue():
    source = (PROJECT_ROOT / "bot" / "trip" / "plan.py").read_text(encoding="utf-8")
    assert "bot.texts" not in source and " t(" not in source and " tn(" not in source


# Rule 5: the text catalogue (bot/texts/__init__.py) and the formats import nothing of the project
# at run time, so that every layer may word with them.
@pytest.mark.parametrize(
    ("file", "may_import"),
    [
        ("bot/texts/__init__.py", ()),
        ("bot/texts/formats.py", ("bot.texts",)),
        ("bot/wordlists/__init__.py", ()),
    ],
)
def test_the_catalogue_the_formats_and_the_word_lists_stand_alone(file, may_import):
    assert breaches([PROJECT_ROOT / file], only(*may_import)) == []


# Rule 6: the dialogue's logic (bot/conversation) runs without Rasa and without the adapters over it.
def test_the_conversation_imports_no_adapter():
    refused = ("actions", "channels", "bot.nlu", "bot.ops", "bot.devtools", "bot.webapp")
    assert breaches(python_files("bot/conversation"), never(*refused, *RASA)) == []


# Rule 7: actions are adapters between Rasa and bot.conversation: they read the tracker into plain
# values, call bot.conversation.dialogue.respond and hand its replies, slots and events back to Rasa.
# They reach nothing else of the core, and hold no dialogue logic (no function of theirs over 25 lines).
ACTIONS_MAY_IMPORT = ("actions", "bot.conversation", "rasa_sdk")
ADAPTER_LINES = 25


def test_actions_reach_only_the_conversation():
    assert breaches(python_files("actions"), only(*ACTIONS_MAY_IMPORT)) == []


def test_actions_hold_no_dialogue_logic():
    long = [
        f"{relative(path)}: {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in python_files("actions")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > ADAPTER_LINES
    ]
    assert long == []


# Rule 8: nothing in bot/ imports the action server; only the servers' supervisor (bot/ops) and the
# command line (bot/cli.py, set-webhook) import the messaging channels.
def test_bot_imports_no_action_and_channels_only_from_ops_and_cli():
    def allowed(file: str, module: str) -> bool:
        if within(module, "actions"):
            return False
        return not within(module, "channels") or file.startswith("bot/ops/") or file == "bot/cli.py"

    assert breaches(python_files("bot"), allowed) == []
