import csv
import io
import json
import subprocess
import sys

import pytest

from framing.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_tag_csv_on_a_file(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text("outlet: Agency\n\n“The Israeli enemy attacked,” it said.\n", encoding="utf-8")
    code, out, err = run(capsys, "tag", str(p), "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert next((r["doc_id"], r["outlet"], r["text"], r["category"]) for r in rows) == (
        "a", "Agency", "Israeli enemy", "hostile_label")
    body = "“The Israeli enemy attacked,” it said.\n"
    assert all(body[int(r["start"]):int(r["end"])] == r["text"] for r in rows)


def test_tag_jsonl_table_and_out(tmp_path, capsys, data_dir):
    p = tmp_path / "a.txt"
    p.write_text("A so-called truce with the militias.", encoding="utf-8")
    code, out, _ = run(capsys, "tag", str(p), "--lexicon", str(data_dir / "mini.yaml"), "--format", "jsonl")
    assert code == 0
    assert [json.loads(line)["term"] for line in out.splitlines()] == ["so-called", "militia"]
    code, out, _ = run(capsys, "tag", str(p), "-l", str(data_dir / "mini.yaml"), "--format", "table")
    assert "so-called" in out and "doc_id" in out.splitlines()[0]
    target = tmp_path / "hits.csv"
    assert run(capsys, "tag", str(p), "--out", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("doc_id,")


@pytest.mark.parametrize(
    ("files", "extra", "message"),
    [
        ({}, ["missing.txt"], "missing.txt: no such file or folder"),
        ({"c.csv": "title\nx\n"}, ["c.csv"], "no text field 'text'"),
        ({"j.jsonl": '{"text": "a"}\n{oops\n'}, ["j.jsonl"], "j.jsonl, line 2: broken JSON"),
        ({"a.txt": "Text."}, ["a.txt", "--lexicon", "nope"], "'nope' is neither a codebook file"),
        ({"a.txt": "Text.", "bad.yaml": "name: b\nentries: []\n"}, ["a.txt", "-l", "bad.yaml"],
         "missing or empty list of entries"),
        ({"a.txt": "Text."}, ["a.txt", "--out", "a.txt"], "refusing to write over"),
        ({"b.txt": b"\xff\xfeh\x00i\x00"}, ["b.txt"], "looks like UTF-16"),
    ],
)
def test_user_mistakes_exit_2_with_one_line(tmp_path, capsys, monkeypatch, files, extra, message):
    monkeypatch.chdir(tmp_path)
    for name, content in files.items():
        (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    before = {n: (tmp_path / n).read_bytes() for n in files}
    code, _out, err = run(capsys, "tag", *extra)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("framing: error: ")
    assert "Traceback" not in err
    assert {n: (tmp_path / n).read_bytes() for n in files} == before  # inputs untouched


def test_empty_file_warns_but_succeeds(tmp_path, capsys):
    (tmp_path / "e.txt").write_text("", encoding="utf-8")
    code, out, err = run(capsys, "tag", str(tmp_path / "e.txt"))
    assert code == 0
    assert "framing: warning:" in err and "empty file" in err
    assert out.strip() == ",".join(
        ["doc_id", "outlet", "sentence", "start", "end", "text", "term", "category", "refers_to",
         "lexicon", "speaker", "mode", "score"])


def test_lexicon_list_show_validate(tmp_path, capsys, data_dir):
    code, out, _ = run(capsys, "lexicon", "list")
    assert code == 0 and "conflict" in out and "cues" in out
    code, out, _ = run(capsys, "lexicon", "show", "conflict", "--category", "hostile_label")
    assert code == 0 and "Israeli enemy" in out
    code, out, _ = run(capsys, "lexicon", "validate", "conflict", str(data_dir / "mini.yaml"))
    assert code == 0 and out.count(": ok") == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: b\nentries:\n  - {term: x, category: c, oops: 1}\n", encoding="utf-8")
    code, out, _ = run(capsys, "lexicon", "validate", str(bad))
    assert code == 1 and "field 'oops': unknown field" in out


def test_python_dash_m_and_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "framing", "tag", str(tmp_path / "nope.txt")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("framing: error:") and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "framing", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("framing ")


def test_seed_terms_are_tagged(shared_dir, capsys, tmp_path):
    seed = shared_dir / "seed" / "airstrikes_deir_ezzor.txt"
    code, out, _ = run(capsys, "tag", str(seed), "--format", "csv")
    assert code == 0
    hits = tmp_path / "hits.csv"
    hits.write_text(out, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(shared_dir / "tools" / "score_seed.py"), "--hits", str(hits),
                           "--ignore-speakers"], capture_output=True, text=True)
    last = proc.stdout.strip().splitlines()[-1]
    must, should = [part.split()[0] for part in last.split(", ")[1:]]
    assert must == "6/6", proc.stdout
    assert int(should.split("/")[0]) >= 8, proc.stdout
