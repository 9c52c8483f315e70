"""``portal init``'s values are written into the text of site.yml: a value that would escape
its place there (a line break, an address or colour of another form) is refused, naming the
option, and nothing is written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--province", "Bắc\nmenu: []"], "--province 'Bắc\\nmenu: []': the name holds a line"),
        (["--province", "B", "--name", "zh=北\nlegal_pages: [x]"], "--name zh '北\\nlegal"),
        (["--province", "B", "--email", "a@b.vn\nlegal_pages: [x]"], "--email: 'a@b.vn\\nlegal"),
        (["--province", "B", "--email", "*a@b.vn"], "--email: '*a@b.vn' is not an e-mail"),
        (["--province", "B", "--colour", 'primary=#ffffff"\nmenu: ["x'], "--colour primary: "),
    ],
)
def test_a_value_that_would_escape_site_yml_is_refused(tmp_path, extra, expected):
    target = tmp_path / "new"
    result = CliRunner().invoke(main, ["init", str(target), *extra])
    assert result.exit_code == 1, result.output
    assert expected in result.output and " — " in result.output, result.output
    assert not target.exists()
