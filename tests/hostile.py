"""The hostile corpus, built at test time (bombs are never committed): spreadsheets and backup zips that
are small on disk but huge, deep, malformed or lying once opened, as an attacker or a tired office
worker would send them. Each builder returns the file's bytes; the sizes are parameters so the tests
can use the sizes of the issue (a 280 MB shared string, 1,2 million rows) and the bench the same.

The .xlsx builders write the parts by hand (streamed into the zip), so a 1,2-million-row sheet takes
seconds to make instead of the minutes openpyxl would need.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
HEAD = ["Kỳ báo cáo", "Mã xã", "Tên xã", "Tiêu chí", "Kết quả"]


# ---- .xlsx written part by part --------------------------------------------------------------------


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def col_letter(n: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def cell(ref: str, value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{_esc(str(value))}</t></is></c>'


def row_xml(r: int | str, values: list[object]) -> str:
    return (
        f'<row r="{r}">'
        + "".join(cell(f"{col_letter(i + 1)}{r}", v) for i, v in enumerate(values) if v is not None)
        + "</row>"
    )


def repeated_row(values: list[object]) -> Callable[[int], str]:
    """row_xml(r, values) for any row number r, the cells written once (a sheet of 199 000 equal rows is then
    made in a fraction of the time)."""
    text = row_xml("\0", values)  # the row number goes in every cell's reference: a mark to put it in later
    return lambda r: text.replace("\0", str(r))


def sheet_xml(rows: Iterable[str], extra: str = "", dimension: str | None = None) -> Iterator[bytes]:
    """A worksheet part from row elements (streamed)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    yield f'{XML_DECL}<worksheet xmlns="{MAIN}">{dim}<sheetData>'.encode()
    chunk: list[str] = []
    for r in rows:
        chunk.append(r)
        if len(chunk) >= 2000:
            yield "".join(chunk).encode()
            chunk = []
    yield ("".join(chunk) + f"</sheetData>{extra}</worksheet>").encode()


def raw_xlsx(
    sheets: list[tuple[str, Iterable[bytes]]],
    shared: Iterable[bytes] | None = None,
    states: dict[str, str] | None = None,
    level: int = 6,
) -> bytes:
    """An .xlsx from worksheet parts (name, chunks) and an optional sharedStrings part, streamed."""
    states = states or {}
    buf = io.BytesIO()
    over = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared is not None:
        over += (
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + over + "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    sheet_tags = "".join(
        f'<sheet name="{_esc(name)}" sheetId="{i}" r:id="rId{i}"'
        + (f' state="{states[name]}"' if name in states else "")
        + "/>"
        for i, (name, _) in enumerate(sheets, 1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f"<sheets>{sheet_tags}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared is not None:
        rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
    )
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        for i, (_, chunks) in enumerate(sheets, 1):
            with zf.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as fh:
                for chunk in chunks:
                    fh.write(chunk)
        if shared is not None:
            with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
                for chunk in shared:
                    fh.write(chunk)
    return buf.getvalue()


def simple_xlsx(rows: list[list[object]], title: str = "Biểu 01", extra: str = "", **kw) -> bytes:
    return raw_xlsx([(title, sheet_xml((row_xml(i, r) for i, r in enumerate(rows, 1)), extra))], **kw)


# ---- spreadsheets -------------------------------------------------------------------------------------


def shared_string_bomb(mb: int = 280) -> bytes:
    """One shared string of `mb` MB (the issue's 284 KB file): a cell that points at it."""

    def shared() -> Iterator[bytes]:
        yield f'{XML_DECL}<sst xmlns="{MAIN}" count="1" uniqueCount="1">'.encode()
        yield b"<si><t>"
        block = b"A" * (1 << 20)
        for _ in range(mb):
            yield block
        yield b"</t></si></sst>"

    rows = [row_xml(1, HEAD), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>']
    return raw_xlsx([("Biểu 01", sheet_xml(rows))], shared=shared(), level=9)


def status_rows(n: int, period: str = "2020-12", code: str = "02779", name: str = "Thanh Bình") -> Iterator[str]:
    """Header plus n long-layout rows of one commune (criteria 1..19 over and over)."""
    yield row_xml(1, HEAD)
    for i in range(2, n + 2):
        yield row_xml(i, [period, code, name, (i - 2) % 19 + 1, "Đạt"])


def many_rows_xlsx(n: int = 1_200_000) -> bytes:
    """n data rows whose texts are shared strings (the issue's 1,2-million-row file; 25 MB at deflate's level 1)."""
    words = [*HEAD, "2020-12", "02779", "Thanh Bình", "Đạt"]

    def shared() -> Iterator[bytes]:
        yield f'{XML_DECL}<sst xmlns="{MAIN}">'.encode()
        yield "".join(f"<si><t>{_esc(w)}</t></si>" for w in words).encode()
        yield b"</sst>"

    def rows() -> Iterator[str]:
        yield '<row r="1">' + "".join(f'<c r="{col_letter(i + 1)}1" t="s"><v>{i}</v></c>' for i in range(5)) + "</row>"
        for r in range(2, n + 2):
            yield (
                f'<row r="{r}"><c r="A{r}" t="s"><v>5</v></c><c r="B{r}" t="s"><v>6</v></c>'
                f'<c r="C{r}" t="s"><v>7</v></c><c r="D{r}"><v>{(r - 2) % 19 + 1}</v></c>'
                f'<c r="E{r}" t="s"><v>8</v></c></row>'
            )

    # deflate's fastest level: these files are refused for their rows and inflated size, not their ratio (1 s saved)
    return raw_xlsx([("Biểu 01", sheet_xml(rows()))], shared=shared(), level=1)


def repeated_rows_xlsx(n: int = 199_000) -> bytes:
    """The same commune n times in the wide layout (19 criterion columns): every row after the first repeats it."""
    head = ["Kỳ báo cáo", "Mã xã", "Tên xã"] + [f"TC{i}" for i in range(1, 20)]

    same = repeated_row(["2020-12", "02779", "Thanh Bình"] + ["Đạt"] * 19)

    def rows() -> Iterator[str]:
        yield row_xml(1, head)
        for i in range(2, n + 2):
            yield same(i)

    return raw_xlsx([("Biểu 01", sheet_xml(rows()))], level=1)  # refused for rows and size, not ratio


def far_cell_xlsx() -> bytes:
    """A header, one row, and a cell in the last row and column Excel allows (XFD1048576)."""
    rows = [row_xml(1, HEAD), row_xml(2, ["2020-12", "02779", "", 1, "Đạt"])]
    rows.append('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    return raw_xlsx([("Biểu 01", sheet_xml(rows, dimension="A1:XFD1048576"))])


def wide_row_xlsx(columns: int = 16_384) -> bytes:
    """A row with a value in every column Excel allows."""
    rows = [
        row_xml(1, HEAD),
        f'<row r="2">{"".join(cell(col_letter(c) + "2", 1) for c in range(1, columns + 1))}</row>',
    ]
    return raw_xlsx([("Biểu 01", sheet_xml(rows))])


def many_strings_xlsx(n: int = 5_000_000, distinct: bool = False) -> bytes:
    """n tiny shared strings: the same one (a count bomb of a few hundred KB) or n different numbers."""

    def shared() -> Iterator[bytes]:
        yield f'{XML_DECL}<sst xmlns="{MAIN}" count="{n}" uniqueCount="{n}">'.encode()
        if distinct:
            for start in range(0, n, 10_000):
                yield "".join(f"<si><t>{i}</t></si>" for i in range(start, min(n, start + 10_000))).encode()
        else:
            block = b"<si><t>x</t></si>" * 10_000
            for _ in range(n // 10_000):
                yield block
        yield b"</sst>"

    return raw_xlsx([("Biểu 01", sheet_xml([row_xml(1, HEAD)]))], shared=shared(), level=9)


def long_cell_xlsx(chars: int = 40_000) -> bytes:
    """A cell longer than the 32 767 characters Excel itself can hold."""
    return simple_xlsx([HEAD, ["2020-12", "02779", "x" * chars, 1, "Đạt"]])


def entity_bomb_xlsx() -> bytes:
    """'Billion laughs': nested entities in the worksheet part."""
    dtd = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    body = (
        f'<?xml version="1.0"?>\n{dtd}]><worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row></sheetData></worksheet>'
    )
    return raw_xlsx([("Biểu 01", [body.encode()])])


def many_sheets_xlsx(n: int = 500) -> bytes:
    return raw_xlsx([(f"S{i}", sheet_xml([row_xml(1, HEAD)])) for i in range(n)])


def many_merges_xlsx(n: int = 100_000) -> bytes:
    """A small sheet with n merged ranges spanning the whole sheet."""
    merges = "".join(f'<mergeCell ref="A{i}:XFD1048576"/>' for i in range(1, n + 1))
    rows = [row_xml(1, HEAD), row_xml(2, ["2020-12", "02779", "", 1, "Đạt"])]
    return raw_xlsx([("Biểu 01", sheet_xml(rows, extra=f'<mergeCells count="{n}">{merges}</mergeCells>'))])


def csv_many_rows(n: int = 1_200_000) -> bytes:
    lines = [",".join(HEAD)] + [f"2020-12,2779,,{i % 19 + 1},1" for i in range(n)]
    return "\n".join(lines).encode()


def csv_long_field(mb: int = 20) -> bytes:
    return (",".join(HEAD) + '\n2020-12,02779,"' + "x" * (mb << 20) + '",1,Đạt\n').encode()


def csv_wide_row(columns: int = 100_000) -> bytes:
    return (",".join(HEAD) + "\n" + ",".join(["1"] * columns) + "\n").encode()


# ---- backup zips -------------------------------------------------------------------------------------


def rezip(backup: bytes, replace: dict[str, bytes | None] | None = None, manifest: dict | None = None) -> bytes:
    """An export zip with members replaced (None = removed) and the manifest's hashes recomputed."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(backup)) as src:
        members = {n: src.read(n) for n in src.namelist()}
    original = members["manifest.json"]
    for name, data in replace.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    meta = json.loads(original)
    meta["files"] = {
        n.removeprefix("data/"): hashlib.sha256(d).hexdigest() for n, d in members.items() if n.startswith("data/")
    }
    meta.update(manifest or {})
    members["manifest.json"] = replace.get("manifest.json") or json.dumps(meta, ensure_ascii=False).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(name, data)
    return out.getvalue()


def restore_bomb(backup: bytes, mb: int = 480) -> bytes:
    """A backup whose commune_status.csv inflates to `mb` MB (the issue's 1,4 MB zip), hash and all."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(backup)) as src:
        members = {n: src.read(n) for n in src.namelist()}
    header = members["data/commune_status.csv"].split(b"\n", 1)[0] + b"\n"
    line = b"2020-12,02779,02779,1,1,,x\n"
    block = line * ((1 << 20) // len(line))
    digest = hashlib.sha256(header)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        with dst.open("data/commune_status.csv", "w", force_zip64=True) as fh:
            fh.write(header)
            for _ in range(mb):
                fh.write(block)
                digest.update(block)
        meta = json.loads(members["manifest.json"])
        meta["files"]["commune_status.csv"] = digest.hexdigest()
        dst.writestr("manifest.json", json.dumps(meta))
        for name, data in members.items():
            if name not in ("manifest.json", "data/commune_status.csv"):
                dst.writestr(name, data)
    return out.getvalue()


def with_symlink(backup: bytes, member: str = "data/sponsors.csv", target: str = "/etc/passwd") -> bytes:
    """The member replaced by a symbolic link (a zip entry with the link mode), hash recomputed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(backup)) as src:
        members = {n: src.read(n) for n in src.namelist()}
    meta = json.loads(members["manifest.json"])
    meta["files"][member.removeprefix("data/")] = hashlib.sha256(target.encode()).hexdigest()
    members["manifest.json"] = json.dumps(meta).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            if name == member:
                info = zipfile.ZipInfo(name)
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                dst.writestr(info, target)
            else:
                dst.writestr(name, data)
    return out.getvalue()


def bad_crc(backup: bytes, member: str = "data/targets.csv") -> bytes:
    """One stored byte of a member flipped: the zip opens, reading the member fails its CRC."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(backup)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
    data = bytearray(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 5] ^= 0x01
    return bytes(data)


def restore_corpus(backup: bytes) -> dict[str, bytes]:
    """Malformed and lying backups, by name (each must be refused with a message, never a traceback)."""
    with zipfile.ZipFile(io.BytesIO(backup)) as zf:
        status = zf.read("data/commune_status.csv")
    no_hash = rezip(backup)
    with zipfile.ZipFile(io.BytesIO(no_hash)) as zf:
        meta = json.loads(zf.read("manifest.json"))
    meta["files"].pop("targets.csv")
    return {
        "empty": b"",
        "not a zip": b"%PDF-1.4 not a zip at all",
        "truncated": backup[: len(backup) // 2],
        "bad json": rezip(backup, {"manifest.json": b"{not json"}),
        "bad crc": bad_crc(backup),
        "non utf-8": rezip(
            backup,
            {"data/sponsors.csv": "unit_id,agency,valid_from,provenance\n02779,Phòng Tài chính,,x\n".encode("latin-1")},
        ),
        "wrong columns": rezip(backup, {"data/commune_status.csv": b"foo,bar\n"}),
        "wrong columns with rows": rezip(backup, {"data/commune_status.csv": b"foo,bar\n1,2\n"}),
        "wrong types": rezip(backup, {"data/commune_status.csv": status.replace(b",1,", b",yes,", 1)}),
        "symlink": with_symlink(backup),
        "missing hash": _with_manifest(no_hash, meta),
        "unknown member": rezip(backup, {"data/../../evil.csv": b"a\n"}),
        "header only": header_only(backup),
    }


def header_only(backup: bytes) -> bytes:
    """The backup with sponsors.csv cut to its header: restoring it empties a table (asks for a confirmation)."""
    with zipfile.ZipFile(io.BytesIO(backup)) as zf:
        sponsors = zf.read("data/sponsors.csv")
    return rezip(backup, {"data/sponsors.csv": sponsors.split(b"\n", 1)[0] + b"\n"})


def _with_manifest(backup: bytes, manifest: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(backup)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, json.dumps(manifest).encode() if name == "manifest.json" else src.read(name))
    return out.getvalue()
