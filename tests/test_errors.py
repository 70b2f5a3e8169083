"""diffkit.errors: the error tree's lines."""

from __future__ import annotations

from diffkit.errors import ManyErrors, OptionError


def test_many_errors_print_every_line():
    err = ManyErrors(["a.json: $.id: missing", "b.json: not JSON"])
    assert err.lines() == ["a.json: $.id: missing", "b.json: not JSON"]
    assert str(err) == "a.json: $.id: missing"


def test_option_error_names_the_option_in_its_line():
    err = OptionError("'r.csv' does not end in .xlsx", option="--excel", fix="name it .xlsx")
    assert err.line() == "--excel: 'r.csv' does not end in .xlsx (name it .xlsx)"
    assert err.text() == "'r.csv' does not end in .xlsx (name it .xlsx)"
    assert OptionError("--scheduler needs --engine dask").line() == (
        "--scheduler needs --engine dask")
