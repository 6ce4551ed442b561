"""SLA PDF export benchmark (not collected by pytest): our export beside raw reportlab laying out the same content.

Two workshops: a copy of the demo (signed version 1, so its PDF is sealed), and the large plan of bench_xlsx.py
(2,000 actions, 50 personas, 30 SLA commitments; its SLA is a draft). For each, the export
(`app.sla_pdf.export_workshop_pdf`: reading the workshop, composing, laying out with the running header, marking and
"Page X of Y", sealing when signed, atomic write) is timed against raw reportlab building the same paragraphs and
tables (same font, one plain page template, no header, footer, page count or watermark, kept in memory), which is
the floor any reportlab export stands on; for a sealed PDF the floor also holds the same pyHanko seal of that raw
output (a fixed ~15 ms of CMS building that no layout choice changes). Medians of --runs; targets: under 1 s for the
large plan, and within 1.5 times the floor.

    .venv/bin/python tests/bench/bench_pdf.py [--runs 7] [--json PATH]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from export_plan import build_large, median_s  # noqa: E402 - beside this script; it puts ROOT on the path

TARGET_S = 1.0
TARGET_RATIO = 1.5


def raw_reportlab(doc: Any) -> bytes:
    """The same text and tables with reportlab's plain machinery: SimpleDocTemplate, default table style."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    from exports import pdf as P

    P._font()
    body = ParagraphStyle("raw", fontName=P.FONT, fontSize=9.5, leading=13.5)
    bold = ParagraphStyle("raw_b", parent=body, fontName=P.FONT_BOLD)
    width = P.frame_width(doc.paper)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(P.markup(text), style)

    def table(rows: list[list[str]], weights: list[float], header: bool = True) -> Table:
        total = sum(weights)
        return Table([[para(v, bold if header and r == 0 else body) for v in row] for r, row in enumerate(rows)],
                     colWidths=[width * w / total for w in weights], repeatRows=1 if header else 0, splitInRow=1)

    out: list[Any] = []
    for b in doc.blocks:
        if isinstance(b, P.Heading | P.Text):
            out.append(para(b.text, bold if isinstance(b, P.Heading) else body))
        elif isinstance(b, P.Clause):
            out += [para(b.title, bold), para(b.body)]
        elif isinstance(b, P.Grid):
            out.append(table([[c.header for c in b.columns], *map(list, b.rows)], [c.weight for c in b.columns]))
        elif isinstance(b, P.Fields):
            out.append(table([list(p) for p in b.pairs], [1, 3], header=False))
        elif isinstance(b, P.TitlePage):
            out += [para(t, bold) for t in (b.kicker, b.company, b.workshop, b.held_on, b.version, b.status)]
            out.append(table([["Name", "Title", "Department"], *map(list, b.signatories)], [1, 1, 1]))
            out.append(PageBreak())
        elif isinstance(b, P.SignatureBlock):
            if b.image_png:
                out.append(Image(io.BytesIO(b.image_png), width=6 * 28.35, height=1.8 * 28.35, mask="auto"))
            out += [para(t) for t in (b.name, b.title, b.department, b.verdict, b.signed_on, b.problem)]
            out.append(Spacer(1, 12))
        elif isinstance(b, P.NewPage):
            out.append(PageBreak())
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=P.PAPERS[doc.paper]).build(out)
    return buf.getvalue()


def bench(name: str, workshop_path: Path, tmp: Path, runs: int) -> dict[str, Any]:
    from app.opening import open_checked
    from app.sla_pdf import PdfOptions, build_pdf, compose, export_workshop_pdf, read_content
    from exports.pdf_seal import seal_pdf

    options = PdfOptions()
    w = open_checked(workshop_path)
    try:
        out = tmp / f"{name}.pdf"
        export_workshop_pdf(w, out)  # warm: imports, the font's parse, caches
        content = w.query(lambda s: read_content(s, options))
        doc, standing = compose(content, options)
        sealed = not standing.seal_refusal

        def floor() -> None:
            data = raw_reportlab(doc)
            if sealed:
                seal_pdf(data, private_key=content.seal.private_key, certificate=content.seal.certificate,
                         reason="benchmark", name="benchmark")

        floor()
        ours, writer, raw, floors = [], [], [], []
        for _ in range(runs):  # interleaved, so a slow moment of the machine falls on all alike
            ours.append(median_s(lambda: export_workshop_pdf(w, out), 1))
            writer.append(median_s(lambda: build_pdf(content, options), 1))
            raw.append(median_s(lambda: raw_reportlab(doc), 1))
            floors.append(median_s(floor, 1))
        read_s = median_s(lambda: w.query(lambda s: read_content(s, options)), runs)
    finally:
        w.close()
    from pypdf import PdfReader

    m_ours, m_writer, m_raw = statistics.median(ours), statistics.median(writer), statistics.median(raw)
    m_floor = statistics.median(floors)
    return {"workshop": name, "pages": len(PdfReader(out).pages), "sealed": sealed,
            "export_s": m_ours, "writer_s": m_writer, "raw_reportlab_s": m_raw, "floor_s": m_floor,
            "ratio": m_ours / m_floor, "raw_ratio": m_ours / m_raw, "writer_ratio": m_writer / m_floor,
            "reading_workshop_s": read_s,
            "export_min_max_s": [min(ours), max(ours)], "raw_min_max_s": [min(raw), max(raw)],
            "file_kb": out.stat().st_size / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path)
    opts = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cg-bench-pdf-") as folder:
        tmp = Path(folder)
        os.environ.setdefault("COMMONGROUND_DATA_DIR", str(tmp / "data"))
        from app.demo import build_demo

        demo = tmp / "demo.cgw"
        build_demo(demo)  # built now, so its sign-off made a seal key (resources/demo.cgw may predate seals)
        large = tmp / "large.cgw"
        start = time.perf_counter()
        build_large(large)
        print(f"built the large plan in {time.perf_counter() - start:.1f} s")
        results = [bench("demo", demo, tmp, opts.runs), bench("large", large, tmp, opts.runs)]
    print(f"\n{'workshop':<9}{'pages':>6}{'sealed':>8}{'export':>9}{'of it read':>12}{'writer':>9}"
          f"{'raw reportlab':>15}{'floor':>8}{'export/floor':>14}{'export/raw':>12}   verdict")
    ok = True
    for r in results:
        fast = r["workshop"] != "large" or r["export_s"] < TARGET_S
        close = r["ratio"] < TARGET_RATIO
        ok = ok and fast and close
        ms = {k: f"{r[k] * 1000:.0f} ms" for k in ("export_s", "reading_workshop_s", "writer_s", "raw_reportlab_s",
                                                    "floor_s")}
        print(f"{r['workshop']:<9}{r['pages']:>6}{'yes' if r['sealed'] else 'no':>8}{ms['export_s']:>9}"
              f"{ms['reading_workshop_s']:>12}{ms['writer_s']:>9}{ms['raw_reportlab_s']:>15}{ms['floor_s']:>8}"
              f"{r['ratio']:>14.2f}{r['raw_ratio']:>12.2f}   {'ok' if fast and close else 'MISSED'}")
    print(f"\nTargets: the large plan's export under {TARGET_S:.0f} s, and the whole export within {TARGET_RATIO}x the "
          "floor: raw reportlab laying out the same content, plus the same seal when the PDF is sealed. 'writer' is "
          "the layout and seal from rows already read.")
    if opts.json:
        opts.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
