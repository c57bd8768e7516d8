import json

import pandas as pd
import pytest

from framing.errors import FramingWarning, InputError
from framing.io import read_documents, write_table


def test_txt_header_and_body(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text("outlet: Meridian Wire\ndate: 2026-03-10\ntitle: Strikes\nurl: https://example.org/x\n\n"
                 "Body one.\n\nBody two.\n", encoding="utf-8")
    (doc,) = read_documents(p)
    assert (doc.doc_id, doc.outlet, doc.date, doc.title, doc.url) == (
        "story", "Meridian Wire", "2026-03-10", "Strikes", "https://example.org/x")
    assert doc.text == "Body one.\n\nBody two.\n"


def test_txt_without_header_keeps_everything(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Update: the toll rose to 23.\n\nSecond paragraph.", encoding="utf-8")
    (doc,) = read_documents(p)
    assert doc.outlet is None and doc.text.startswith("Update: the toll")


@pytest.mark.parametrize(
    ("raw", "kwargs", "expected"),
    [
        ("\ufeffHello world.".encode(), {}, "Hello world."),
        (b"One.\r\nTwo.\r\n", {}, "One.\nTwo.\n"),
        ("Caf\u00e9 \u201cquoted\u201d".encode("cp1252"), {"encoding": "cp1252"}, "Caf\u00e9 \u201cquoted\u201d"),
        ("Hello \u00fc".encode("utf-16"), {"encoding": "utf-16"}, "Hello \u00fc"),
    ],
)
def test_encodings(tmp_path, raw, kwargs, expected):
    p = tmp_path / "e.txt"
    p.write_bytes(raw)
    assert read_documents(p, **kwargs)[0].text == expected


def test_undecodable_bytes_name_file_and_line(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(b"fine\nstill fine\n\xe9t\xe9\n")
    with pytest.raises(InputError, match=r"bad.txt: not valid utf-8 at byte 16 \(line 3\).*encoding"):
        read_documents(p)


def test_binary_file_is_refused(tmp_path):
    p = tmp_path / "img.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        read_documents(p)


def test_empty_file_warns_and_is_skipped(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "full.txt").write_text("Text.", encoding="utf-8")
    with pytest.warns(FramingWarning, match="empty.txt: empty file"):
        docs = read_documents(tmp_path)
    assert [d.doc_id for d in docs] == ["full"]


def test_folder_is_recursive_with_stable_ids(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("B.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "README.md").write_text("not an article", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.txt").write_text("H.", encoding="utf-8")
    assert [d.doc_id for d in read_documents(tmp_path)] == ["a", "b/x"]
    assert [d.doc_id for d in read_documents([tmp_path / "a.txt", tmp_path / "b" / "x.txt"])] == ["a", "x"]


def test_csv_with_columns(tmp_path):
    p = tmp_path / "c.csv"
    pd.DataFrame({"body": ["First, with comma.", "Second\nline."], "paper": ["A", "B"],
                  "extra": [1, 2]}).to_csv(p, index=False)
    docs = read_documents(p, text_column="body", outlet_column="paper")
    assert [(d.doc_id, d.outlet, d.text) for d in docs] == [("c:1", "A", "First, with comma."),
                                                            ("c:2", "B", "Second\nline.")]
    assert docs[0].meta == {"extra": "1"}


def test_tsv_and_id_column(tmp_path):
    p = tmp_path / "t.tsv"
    p.write_text("id\ttext\na7\tHello.\n", encoding="utf-8")
    assert read_documents(p)[0].doc_id == "a7"


def test_csv_missing_text_column(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("title,body\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c.csv, row 1: no text field 'text' \(fields: title, body\).*--text-column"):
        read_documents(p)


def test_csv_ragged_row(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("text,outlet\nfine,A\nbad,B,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match="r.csv, line 3: more fields"):
        read_documents(p)


def test_jsonl_and_broken_line(tmp_path):
    p = tmp_path / "j.jsonl"
    lines = [json.dumps({"text": "One.", "outlet": "A"}), "", json.dumps({"content": "Two.", "id": 5})]
    p.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match=r"j.jsonl, line 3: no text field 'text'"):
        read_documents(p)
    p.write_text("\n".join([lines[0], "{broken", lines[2]]), encoding="utf-8")
    with pytest.raises(InputError, match=r"j.jsonl, line 2: broken JSON"):
        read_documents(p)
    p.write_text("\n".join([lines[0], json.dumps({"text": "Two.", "id": 5})]), encoding="utf-8")
    docs = read_documents(p)
    assert [(d.doc_id, d.text) for d in docs] == [("j:1", "One."), ("5", "Two.")]


def test_json_array(tmp_path):
    p = tmp_path / "arr.json"
    p.write_text(json.dumps([{"body": "X.", "outlet": "W"}]), encoding="utf-8")
    assert read_documents(p, text_column="body")[0].outlet == "W"


def test_dataframe_in(tmp_path):
    df = pd.DataFrame({"text": ["A.", "B."], "outlet": ["X", "Y"]}, index=[10, 11])
    assert [(d.doc_id, d.outlet) for d in read_documents(df)] == [("row:10", "X"), ("row:11", "Y")]
    with pytest.raises(InputError, match="no text column 'body'"):
        read_documents(df, text_column="body")


def test_duplicate_ids_are_an_error(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("id,text\n1,A\n1,B\n", encoding="utf-8")
    with pytest.raises(InputError, match="doc_id '1' is already used"):
        read_documents(p)


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        read_documents(tmp_path / "nope.txt")


def test_write_table_refuses_to_overwrite_an_input(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("text\nA.\n", encoding="utf-8")
    with pytest.raises(InputError, match="refusing to write over"):
        write_table(pd.DataFrame({"a": [1]}), src, inputs=[src])
    assert src.read_text(encoding="utf-8") == "text\nA.\n"


def test_write_table_atomic_and_clear_error(tmp_path):
    out = tmp_path / "o.csv"
    write_table(pd.DataFrame({"a": [1]}), out)
    assert out.read_text(encoding="utf-8") == "a\n1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["o.csv"]
    with pytest.raises(InputError, match="does not exist"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "no" / "o.csv")


def test_csv_streams_rows_before_a_later_error(tmp_path):
    # rows are yielded as they are read: the first two arrive before the broken third one is reached
    from framing.io import iter_documents

    p = tmp_path / "s.csv"
    p.write_text('text,outlet\n"first, with\na newline",A\nsecond,B\nbad,B,extra\n', encoding="utf-8")
    it = iter_documents(p)
    first, second = next(it), next(it)
    assert first.text == "first, with\na newline" and second.outlet == "B"
    with pytest.raises(InputError, match="s.csv, line 5: more fields"):
        next(it)


@pytest.mark.parametrize(
    ("raw", "kwargs", "message"),
    [
        (b"text\nok\n\xff\xfe bad\n", {}, r"b.csv: not valid utf-8 at line 3.*--encoding"),
        ("text\nHello\n".encode("utf-16"), {}, r"b.csv: it looks like UTF-16.*--encoding utf-16"),
        (b"text\n\x00\x01\x02\x00", {}, "b.csv: looks like a binary file"),
        (b"text\nok\n", {"encoding": "no-such-codec"}, "unknown encoding 'no-such-codec'"),
    ],
)
def test_csv_encoding_errors(tmp_path, raw, kwargs, message):
    p = tmp_path / "b.csv"
    p.write_bytes(raw)
    with pytest.raises(InputError, match=message):
        read_documents(p, **kwargs)


@pytest.mark.parametrize(
    ("raw", "kwargs", "texts"),
    [
        ("text,outlet\nCaf\u00e9 strikes,A\n".encode("utf-16"), {"encoding": "utf-16"}, ["Caf\u00e9 strikes"]),
        ("text\r\n\"\u201cNo,\u201d he said\"\r\n".encode("cp1252"), {"encoding": "cp1252"}, ["\u201cNo,\u201d he said"]),
        ("\ufefftext\r\n\"two\r\nlines\"\r\n".encode(), {}, ["two\nlines"]),
    ],
)
def test_csv_encodings_and_line_endings(tmp_path, raw, kwargs, texts):
    p = tmp_path / "e.csv"
    p.write_bytes(raw)
    assert [d.text for d in read_documents(p, **kwargs)] == texts


@pytest.mark.parametrize("raw", [b"", b"  \n\n "])
def test_csv_empty_file_warns(tmp_path, raw):
    p = tmp_path / "empty.csv"
    p.write_bytes(raw)
    with pytest.warns(FramingWarning, match="empty.csv: empty file"):
        assert read_documents(p) == []
