"""The numbers audit (tools/audit.py) on small synthetic notebooks: prose numbers must be shown somewhere."""

import json

import nbformat
import pytest

from tools.audit import Cited, audit, audit_notebook, load_allow_list, loaded_records, mentions
from tools.chapters import main


def _notebook(path, prose, code="x = 1", output=None, mime=None):
    """A one-markdown, one-code notebook at ``path``; ``output`` is stream text (or ``mime`` display data)."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(code)
    if output is not None and mime is None:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    elif output is not None:
        cell.outputs = [nbformat.v4.new_output("display_data", data={mime: output})]
    nb.cells = [nbformat.v4.new_markdown_cell(prose), cell]
    nbformat.write(nb, path)
    return path


def _found(path, cited=(), records_dir=None):
    kwargs = {"records_dir": records_dir} if records_dir is not None else {}
    findings, _, _ = audit_notebook(path, list(cited), **kwargs)
    return [f.mention.text for f in findings]


def test_the_kinds_of_measured_looking_numbers():
    prose = ("KS 0.021 in 13.1 s, 99% of samples, 4 of 5 seeds, 6-8 times past, ~20 FD, lr 1e-4; "
             "a 32-unit layer, 20 epochs, seed 3, chapter 5, Python 3.11, torch 2.14.1, "
             "$\\log 2 \\approx 0.69$, `lr=0.5`, see https://x.org/a/1.5 and the 80s")
    found = {(m.text, m.kind) for m in mentions(prose)}
    assert found == {("0.021", "decimal"), ("13.1 s", "time"), ("99%", "percentage"), ("4 of 5", "count"),
                     ("6-8 times", "factor"), ("~20", "approximate"), ("1e-4", "decimal")}
    ranged = mentions("FD 70–95 s and 93.8–96.0%")
    assert [m.numbers for m in ranged] == [("70", "95"), ("93.8", "96.0")]


def test_a_number_only_in_prose_fails(tmp_path):
    path = _notebook(tmp_path / "01_x.ipynb", "The fit reaches KS 0.021 for 4 of 5 seeds.", output="KS 0.35\n")
    assert _found(path) == ["0.021", "4 of 5"]
    problems, summary = audit([path], cited=[])
    assert len(problems) == 2 and "01_x.ipynb cell 1: '0.021' (decimal)" in problems[0]
    assert "The fit reaches KS 0.021" in problems[0]  # the line of context
    assert "2 shown nowhere" in summary


def test_the_same_numbers_in_an_output_pass(tmp_path):
    path = _notebook(tmp_path / "01_x.ipynb", "The fit reaches KS 0.021 for 4 of 5 seeds in 13.1 s.",
                     output="KS 0.021; 4 of 5 seeds; 13.1 s\n")
    assert _found(path) == []
    html = _notebook(tmp_path / "02_x.ipynb", "Coverage 99%.", output="<td>0.99</td>", mime="text/html")
    assert _found(html) == []
    markdown = _notebook(tmp_path / "03_x.ipynb", "4 of 5 seeds", output="**4 of 5** seeds", mime="text/markdown")
    assert _found(markdown) == []


def test_rounding_to_the_digits_shown(tmp_path):
    path = _notebook(tmp_path / "01_x.ipynb", "KS 0.13, 12%, 44 minutes and ~20.", output="0.1264 0.1249 2641 s 17\n")
    assert _found(path) == []
    finer = _notebook(tmp_path / "02_x.ipynb", "KS 0.0213.", output="KS 0.02\n")
    assert _found(finer) == ["0.0213"]  # the prose claims more digits than the output shows
    off = _notebook(tmp_path / "03_x.ipynb", "KS 0.13.", output="KS 0.136\n")
    assert _found(off) == ["0.13"]
    rounded = _notebook(tmp_path / "04_x.ipynb", "about 20,000 times; 20,000 times", output="20,362 times\n")
    assert _found(rounded) == ["20,000 times"]  # only "about" reads an integer to its last non-zero digit


def test_magnitudes_parameter_counts_and_worded_approximations(tmp_path):
    prose = ("G and D have about 350,000 parameters, the larger pair 1.1 million, an epoch costs about 2.7 times "
             "as much, and around 40 samples in 10,000 are blank")
    found = {(m.text, m.kind) for m in mentions(prose)}
    assert found == {("350,000 parameters", "parameters"), ("1.1 million", "magnitude"), ("2.7 times", "factor"),
                     ("around 40", "approximate")}  # "10,000 samples" is a setting
    assert mentions("KS about 1/3, a third") == []  # a fraction is theory, not a rounded result
    shown = "ch07: 347,601 parameters; ch08: 1,133,073 parameters; 2.75 times; 38 blank\n"
    assert _found(_notebook(tmp_path / "01_x.ipynb", prose, output=shown)) == []
    unshown = "ch07: 293,136 parameters; 2.0 times; 61 blank\n"  # G alone, another factor, another count
    assert _found(_notebook(tmp_path / "02_x.ipynb", prose, output=unshown)) == [
        "350,000 parameters", "1.1 million", "2.7 times", "around 40"]
    exact = _notebook(tmp_path / "03_x.ipynb", "G and D have 350,000 parameters.", output=shown)
    assert _found(exact) == ["350,000 parameters"]  # without "about" a count must be printed as written
    scaled = _notebook(tmp_path / "04_x.ipynb", "1.1 million updates", output="1.1\n")
    assert _found(scaled) == ["1.1 million"]  # the bare 1.1 is not 1.1 million


def test_a_claims_text_is_not_evidence_only_its_measured_value(tmp_path):
    line = "claim holds: the recipe fits 5 of 5 seeds at KS 0.03 (measured 4, band >= 4)\n"
    path = _notebook(tmp_path / "01_x.ipynb", "It fits 5 of 5 seeds at KS 0.03.", output=line)
    assert _found(path) == ["5 of 5", "0.03"]


def test_code_literals_count_but_not_strings_or_comments(tmp_path):
    code = 'config = dict(lr=1e-3, beta1=0.5)  # 0.7\nprint("0.9")'
    path = _notebook(tmp_path / "01_x.ipynb", "Adam at 1e-3 and 0.5; not 0.7 or 0.9.", code=code)
    assert _found(path) == ["0.7", "0.9"]


def test_loaded_records_count(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    (records / "long-run.json").write_text(json.dumps({"ks": [0.5, 0.0312], "note": "took 44.2 s"}))
    code = 'record = records.load("long-run")'
    path = _notebook(tmp_path / "01_x.ipynb", "The long run ended at KS 0.031 after 44.2 s.", code=code)
    assert _found(path, records_dir=records) == []
    assert [p.name for p in loaded_records(code, records)] == ["long-run.json"]
    unloaded = _notebook(tmp_path / "02_x.ipynb", "The long run ended at KS 0.031.", code="x = 1")
    assert _found(unloaded, records_dir=records) == ["0.031"]


def test_an_allow_listed_cited_figure_passes_and_a_stale_entry_fails(tmp_path):
    path = _notebook(tmp_path / "08_x.ipynb", "The article trains with Adam at beta1 0.55.", code="x = 1")
    cited = Cited("08", "0.55", "beta1 0.55", "mnist-tanh, the article's optimizer")
    assert _found(path) == ["0.55"]
    assert _found(path, [cited]) == []
    assert audit([path], cited=[cited])[0] == []
    stale = Cited("08", "0.7", "beta1 0.7", "a phrase no longer in the prose")
    problems, _ = audit([path], cited=[cited, stale])
    assert len(problems) == 1 and "stale entry for chapter 08" in problems[0]
    other_chapter = Cited("07", "0.55", "beta1 0.55", "the same phrase, another chapter")
    assert _found(path, [other_chapter]) == ["0.55"]


def test_the_allow_list_needs_a_source_and_the_number_in_its_phrase(tmp_path):
    bad = tmp_path / "allow.toml"
    bad.write_text('[[cited]]\nchapter = "08"\nnumber = "0.5"\nphrase = "beta1 0.5"\n')
    with pytest.raises(ValueError, match="entry 1 lacks source"):
        load_allow_list(bad)
    bad.write_text('[[cited]]\nchapter = "08"\nnumber = "0.5"\nphrase = "beta1 0.6"\nsource = "x"\n')
    with pytest.raises(ValueError, match="does not contain its number '0.5'"):
        load_allow_list(bad)
    shipped = load_allow_list()
    assert all(c.source and c.number in c.phrase for c in shipped)


def test_the_command_exits_1_on_a_finding(tmp_path, capsys):
    path = _notebook(tmp_path / "01_x.ipynb", "KS 0.021.", output="KS 0.35\n")
    assert main(["audit", str(path.with_suffix(".py"))]) == 1
    assert "'0.021' (decimal)" in capsys.readouterr().out
    _notebook(path, "KS 0.35.", output="KS 0.35\n")
    assert main(["audit", str(path.with_suffix(".py"))]) == 0
