"""The command line imports only the command being run: the root group's table (disclosure/cli/__init__.py
COMMANDS) names every command, and `disclosure --help` lists them from it as the commands themselves would."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys

import click
from freezegun import freeze_time

import disclosure.cli
from disclosure.cli import COMMANDS, root


def _top_level_commands() -> dict[str, click.Command]:
    """Every command the cli modules define that is no group's subcommand: what `disclosure` itself must offer."""
    defined: list[click.Command] = []
    for module_info in pkgutil.iter_modules(disclosure.cli.__path__):
        module = importlib.import_module(f"disclosure.cli.{module_info.name}")
        defined += [value for value in vars(module).values() if isinstance(value, click.Command) and value is not root]
    subcommands = {id(sub) for command in defined if isinstance(command, click.Group) for sub in command.commands.values()}
    return {command.name: command for command in defined if id(command) not in subcommands}


def test_the_table_names_every_command_with_its_own_help():
    commands = _top_level_commands()
    assert sorted(entry.name for entry in COMMANDS) == sorted(commands)  # a command without its line fails here
    for entry in COMMANDS:
        assert entry.load() is commands[entry.name], entry.name
        assert entry.help == commands[entry.name].help, entry.name  # the listing's text, and its catalog id


def _in_a_fresh_process(script: str, *arguments: str) -> dict:
    environment = {**os.environ, "COLUMNS": "80"}
    environment.pop("LANG", None)
    done = subprocess.run(
        [sys.executable, "-c", script, *arguments], capture_output=True, text=True, timeout=120, env=environment,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


_COMMAND_MODULES = """
import sys
def command_modules():
    return sorted(name for name in sys.modules if name.startswith("disclosure.cli.") and name.endswith("_commands"))
"""

_HELP_BEFORE_AND_AFTER_LOADING = _COMMAND_MODULES + """
import contextlib, io, json
from disclosure.cli import main, root
from disclosure.cli.lazy_group import every_command

def run(*arguments):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(list(arguments))
    return out.getvalue() + err.getvalue()

lazy = {language: run("--lang", language, "--help") for language in ("en", "zh")}
unknown = run("--lang", "en", "sho")
loaded_before = command_modules()
list(every_command(root))
print(json.dumps({
    "lazy": lazy, "unknown": unknown, "loaded_before": loaded_before, "loaded_after": command_modules(),
    "loaded": {language: run("--lang", language, "--help") for language in ("en", "zh")},
}))
"""


def test_help_lists_from_the_table_what_the_loaded_commands_would_list():
    seen = _in_a_fresh_process(_HELP_BEFORE_AND_AFTER_LOADING)
    assert seen["loaded_before"] == [], "--help and an unknown command import no command's module"
    assert len(seen["loaded_after"]) >= 10
    assert seen["lazy"] == seen["loaded"]
    assert "  show           A case as it stands (or stood): state, due date, clocks.\n" in seen["lazy"]["en"]
    assert "  show           案件现状（或某一时点的状况）：状态、到期日、各项期限。个人信息默认脱敏。\n" in seen["lazy"]["zh"]
    assert "No such command 'sho'. Did you mean 'show'?" in seen["unknown"]


_HELP_OF_A_COMMAND_LOADED_IN_CHINESE = """
import contextlib, io, json
from disclosure.cli import main

def run(*arguments):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(list(arguments))
    return out.getvalue()

print(json.dumps([run("--lang", "zh", "show", "--help"), run("--lang", "en", "show", "--help")]))
"""


def test_a_command_loaded_while_speaking_chinese_speaks_english_afterwards():
    # Its module is imported inside the Chinese block (and click makes its help option then): all is put back.
    chinese, english = _in_a_fresh_process(_HELP_OF_A_COMMAND_LOADED_IN_CHINESE)
    assert "案件现状" in chinese and "显示此帮助并退出。" in chinese
    assert "A case as it stands" in english and "Show this message and exit." in english
    assert not any("\u4e00" <= character <= "\u9fff" for character in english)


_SHOW = _COMMAND_MODULES + """
import json
from disclosure.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": command_modules(), "wcwidth": "wcwidth" in sys.modules}))
"""


@freeze_time("2026-11-20 10:00:00")
def test_show_imports_its_own_module_and_no_other_command(cli, tmp_path):
    cli("init", "--admin", "admin")
    cli("register", "--channel", "online", "--received", "2026-10-12", "--applicant", "王五",
        "--applicant-type", "natural", "--request", "某路段改造批复（2026年）")
    seen = _in_a_fresh_process(_SHOW, "--db", str(tmp_path / "cli.db"), "--user", "admin", "show", "2026-0001")
    assert seen["code"] == 0
    assert seen["modules"] == ["disclosure.cli.case_commands"]
    # Its Chinese and ASCII are measured without wcwidth, whose import alone costs ~30 ms (cli/render.py).
    assert seen["wcwidth"] is False
