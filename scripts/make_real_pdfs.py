#!/usr/bin/env python3
"""Regenerate the real-typesetter PDFs in fixtures/pdf/ from fixtures/pdf/content.py.

Two toolchains people actually use:
- XeLaTeX with ctex (xeCJK), fancyhdr running headers that change per section, footnotes,
  itemize/enumerate with wrapped items, verbatim code and a tabular;
- LibreOffice Writer (``soffice --headless --convert-to pdf``) from a flat ODF document
  with a header that shows the chapter, a page-number footer, footnotes, lists with a
  hanging indent, a monospace code block and a table.

It also writes ``NAME.expected.json``: what a reader should give back (prose paragraphs,
list items, footnotes, code lines, table rows, header texts). Usage:
``python scripts/make_real_pdfs.py [OUTDIR [NAME...]]`` (default fixtures/pdf, all documents).
Needs xelatex, latex + dvipdfmx with the CJK package, soffice and pandoc.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
FN = re.compile(r"\[\[fn:(.*?)\]\]")


def load_content(path: Path = HERE / "content.py"):
    spec = importlib.util.spec_from_file_location("wenben_pdf_content", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _marked(text: str, notes: list[str]) -> str:
    """The text with each footnote replaced by its mark, ``[n]`` (notes are numbered in order)."""
    def mark(match: re.Match) -> str:
        notes.append(match.group(1))
        return f"[{len(notes)}]"
    return FN.sub(mark, text)


# --- expected -------------------------------------------------------------------------


def expected(content, numbered: bool = True, running_headers: bool = True) -> dict:
    prose, items, notes, code, rows, headers, shown = [], [], [], [], [], [], []
    for number, (title, blocks) in enumerate(content.SECTIONS, 1):
        shown.append(f"{number} {title}" if numbered else title)
        if running_headers:
            headers.append(f"{number} {title}")
        for kind, body in blocks:
            if kind == "p":
                prose.append(_marked(body, notes))
            elif kind in ("ul", "ol"):
                items.extend(_marked(item, notes) for item in body)
            elif kind == "code":
                code.extend(body)
            elif kind == "table":
                rows.extend(body)
    return {"title": content.TITLE, "headings": [t for t, _ in content.SECTIONS], "shown_headings": shown,
            "headers": headers,
            "prose": prose, "items": items, "footnotes": notes, "code": code, "table": rows}


# --- XeLaTeX --------------------------------------------------------------------------

TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
               "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}", "^": r"\^{}"}


def tex_escape(text: str) -> str:
    out = "".join(TEX_SPECIAL.get(ch, ch) for ch in text).replace("--", "-{}-")  # no en-dash ligature
    return out.replace("ε", r"$\varepsilon$").replace("δ", r"$\delta$")


def tex_text(text: str) -> str:
    parts = []
    last = 0
    for m in FN.finditer(text):
        parts.append(tex_escape(text[last:m.start()]))
        parts.append(r"\footnote{" + tex_escape(m.group(1)) + "}")
        last = m.end()
    parts.append(tex_escape(text[last:]))
    return "".join(parts)


LATEX_PREAMBLES = {
    # ctex (xeCJK inside, Fandol fonts by default), one-sided, header: section | page.
    "ctex": None,
    # xeCJK with Noto CJK, two-sided: page numbers in alternating corners, the document
    # title on even pages and the section on odd ones.
    "xecjk": r"""\documentclass[11pt,twoside]{article}
\usepackage[a5paper,margin=17mm,headsep=6mm]{geometry}
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
\usepackage{fancyhdr}
\pagestyle{fancy}
\fancyhf{}
\renewcommand{\sectionmark}[1]{\markright{\thesection\quad #1}}
\fancyhead[LE,RO]{\small\thepage}
\fancyhead[RE]{\small __TITLE__}
\fancyhead[LO]{\small\rightmark}
\setlength{\parindent}{2em}
\begin{document}
""",
    # The old chain: latex with the CJK package (Arphic gbsn Type 1 fonts), then dvipdfmx.
    "cjk": r"""\documentclass[11pt]{article}
\usepackage[a5paper,margin=17mm,headsep=6mm]{geometry}
\usepackage{CJKutf8}
\usepackage{fancyhdr}
\pagestyle{fancy}
\fancyhf{}
\renewcommand{\sectionmark}[1]{\markright{\thesection\quad #1}}
\fancyhead[L]{\small\rightmark}
\fancyfoot[C]{\small --~\thepage~--}
\setlength{\parindent}{2em}
\begin{document}
\begin{CJK*}{UTF8}{gbsn}
""",
}


def latex_source(content, flavor: str = "ctex") -> str:
    if flavor != "ctex":
        return _latex_body(content, [LATEX_PREAMBLES[flavor].replace("__TITLE__", tex_escape(content.TITLE))],
                           "\\clearpage\\end{CJK*}\n" if flavor == "cjk" else "")
    out = [r"""\documentclass[UTF8,zihao=5]{ctexart}
\usepackage[a5paper,margin=18mm,headsep=6mm,footskip=10mm]{geometry}
\usepackage{fancyhdr}
\usepackage{url}
\pagestyle{fancy}
\fancyhf{}
\renewcommand{\sectionmark}[1]{\markright{\thesection\quad #1}}
\fancyhead[L]{\small\rightmark}
\fancyhead[R]{\small\thepage}
\fancyfoot[C]{\footnotesize """ + tex_escape(content.TITLE) + r"""}
\renewcommand{\headrulewidth}{0.4pt}
\setlength{\parskip}{0pt}
\begin{document}
\thispagestyle{fancy}
"""]
    return _latex_body(content, out, "")


def _latex_body(content, out: list[str], closing: str) -> str:
    for title, blocks in content.SECTIONS:
        out.append(r"\section{" + tex_escape(title) + "}\n")
        for kind, body in blocks:
            if kind == "p":
                out.append(tex_text(body) + "\n\n")
            elif kind in ("ul", "ol"):
                env = "itemize" if kind == "ul" else "enumerate"
                out.append(rf"\begin{{{env}}}" + "\n")
                out.extend(r"\item " + tex_text(item) + "\n" for item in body)
                out.append(rf"\end{{{env}}}" + "\n\n")
            elif kind == "code":
                out.append("\\begin{verbatim}\n" + "\n".join(body) + "\n\\end{verbatim}\n\n")
            elif kind == "table":
                cols = len(body[0])
                numeric = [all(re.fullmatch(r"[\d.]+", row[i]) for row in body[1:]) for i in range(cols)]
                spec = "".join("r" if n else "l" for n in numeric)
                out.append(r"\begin{center}\begin{tabular}{" + spec + "}\n\\hline\n")
                for i, row in enumerate(body):
                    out.append(" & ".join(tex_escape(c) for c in row) + r" \\" + ("\n\\hline\n" if i == 0 else "\n"))
                out.append("\\hline\n\\end{tabular}\\end{center}\n\n")
    out.append(closing + r"\end{document}" + "\n")
    return "".join(out)


# --- LibreOffice flat ODF -------------------------------------------------------------

FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'"/>
 <style:font-face style:name="Noto Sans CJK SC" svg:font-family="'Noto Sans CJK SC'"/>
 <style:font-face style:name="DejaVu Sans Mono" svg:font-family="'DejaVu Sans Mono'" style:font-pitch="fixed"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify"/>
  <style:text-properties style:font-name="Noto Serif CJK SC" fo:font-size="10.5pt"
   style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="10.5pt" fo:language="en" fo:country="US"
   style:language-asian="zh" style:country-asian="CN"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm" fo:text-indent="0.74cm"/>
 </style:style>
 <style:style style:name="List_20_Item" style:display-name="List Item" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-bottom="0.1cm"/>
 </style:style>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1">
  <style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.3cm" fo:text-align="start"/>
  <style:text-properties style:font-name="Noto Sans CJK SC" fo:font-size="14pt" fo:font-weight="bold"
   style:font-name-asian="Noto Sans CJK SC" style:font-size-asian="14pt" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Preformatted_20_Text" style:display-name="Preformatted Text" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm" fo:margin-left="0.5cm" fo:text-align="start"/>
  <style:text-properties style:font-name="DejaVu Sans Mono" fo:font-size="9pt" style:font-size-asian="9pt"/>
 </style:style>
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start">
   <style:tab-stops><style:tab-stop style:position="11cm" style:type="right"/></style:tab-stops>
  </style:paragraph-properties>
  <style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/>
 </style:style>
 <style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-left="0.5cm" fo:text-indent="-0.5cm"/>
  <style:text-properties fo:font-size="8.5pt" style:font-size-asian="8.5pt"/>
 </style:style>
 <style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start"/>
 </style:style>
 <text:outline-style style:name="Outline">
  <text:outline-level-style text:level="1" style:num-format="1" text:display-levels="1" style:num-suffix=" ">
   <style:list-level-properties/>
  </text:outline-level-style>
 </text:outline-style>
 <text:notes-configuration text:note-class="footnote" style:num-format="1" text:start-value="0" text:footnotes-position="page" text:start-numbering-at="document"/>
</office:styles>
<office:automatic-styles>
 <text:list-style style:name="L1">
  <text:list-level-style-bullet text:level="1" text:bullet-char="\u2022">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.8cm" fo:text-indent="-0.5cm" fo:margin-left="0.8cm"/>
   </style:list-level-properties>
  </text:list-level-style-bullet>
 </text:list-style>
 <text:list-style style:name="L2">
  <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.8cm" fo:text-indent="-0.6cm" fo:margin-left="0.8cm"/>
   </style:list-level-properties>
  </text:list-level-style-number>
 </text:list-style>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="1.8cm" fo:margin-right="1.8cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.5cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.5cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p text:style-name="Header"><text:chapter text:display="number-and-name" text:outline-level="1">1 x</text:chapter><text:tab/><text:page-number text:select-page="current">1</text:page-number></text:p></style:header>
  <style:footer><text:p text:style-name="Footer">__TITLE__ \u00b7 \u7b2c <text:page-number text:select-page="current">1</text:page-number> \u9875</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
"""


def odf_text(text: str, counter: list[int]) -> str:
    parts = []
    last = 0
    for m in FN.finditer(text):
        parts.append(escape(text[last:m.start()]))
        counter[0] += 1
        n = counter[0]
        parts.append(f'<text:note text:id="ftn{n}" text:note-class="footnote"><text:note-citation>{n}</text:note-citation>'
                     f'<text:note-body><text:p text:style-name="Footnote">{escape(m.group(1))}</text:p></text:note-body></text:note>')
        last = m.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def fodt_source(content) -> str:
    out = [FODT_HEAD.replace("__TITLE__", escape(content.TITLE)).replace("\\u2022", "\u2022")
           .replace("\\u00b7", "\u00b7").replace("\\u7b2c", "\u7b2c").replace("\\u9875", "\u9875")]
    counter = [0]
    for title, blocks in content.SECTIONS:
        out.append(f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{escape(title)}</text:h>\n')
        for kind, body in blocks:
            if kind == "p":
                out.append(f'<text:p text:style-name="Text_20_body">{odf_text(body, counter)}</text:p>\n')
            elif kind in ("ul", "ol"):
                style = "L1" if kind == "ul" else "L2"
                out.append(f'<text:list text:style-name="{style}">\n')
                out.extend(f'<text:list-item><text:p text:style-name="List_20_Item">{odf_text(item, counter)}</text:p></text:list-item>\n'
                           for item in body)
                out.append("</text:list>\n")
            elif kind == "code":
                out.extend(f'<text:p text:style-name="Preformatted_20_Text">{escape(line)}</text:p>\n' for line in body)
            elif kind == "table":
                cols = len(body[0])
                out.append(f'<table:table table:name="T1"><table:table-column table:number-columns-repeated="{cols}"/>\n')
                for row in body:
                    cells = "".join(f'<table:table-cell office:value-type="string"><text:p text:style-name="Table_20_Contents">{escape(c)}</text:p></table:table-cell>'
                                    for c in row)
                    out.append(f"<table:table-row>{cells}</table:table-row>\n")
                out.append("</table:table>\n")
    out.append("</office:text></office:body></office:document>\n")
    return "".join(out)


# --- running the typesetters ------------------------------------------------------------


def run(cmd: list[str], cwd: Path) -> None:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


def markdown_source(content) -> str:
    """Pandoc Markdown: footnotes as [^n], fenced code, a pipe table, lists."""
    out = []
    counter = [0]
    notes: list[str] = []

    def text(body: str) -> str:
        def note(match: re.Match) -> str:
            counter[0] += 1
            notes.append(f"[^{counter[0]}]: {match.group(1)}")
            return f"[^{counter[0]}]"
        return FN.sub(note, body).replace("\\", "\\\\").replace("~", "\\~").replace("$", "\\$")

    for title, blocks in content.SECTIONS:
        out.append(f"# {title}\n")
        for kind, body in blocks:
            if kind == "p":
                out.append(text(body) + "\n")
            elif kind in ("ul", "ol"):
                out.append("\n".join(("- " if kind == "ul" else f"{i}. ") + text(item)
                                     for i, item in enumerate(body, 1)) + "\n")
            elif kind == "code":
                out.append("```\n" + "\n".join(body) + "\n```\n")
            elif kind == "table":
                out.append("| " + " | ".join(body[0]) + " |\n|" + "---|" * len(body[0]) + "\n"
                           + "\n".join("| " + " | ".join(row) + " |" for row in body[1:]) + "\n")
    return "\n".join(out) + "\n" + "\n".join(notes) + "\n"


# name: (content module, how it is made, headings numbered?, running headers?)
DOCUMENTS = {
    "xelatex-ctex": ("content.py", "ctex", True, True),
    "libreoffice": ("content.py", "fodt", True, True),
    "xecjk-noto-twoside": ("content_texlive.py", "xecjk", True, True),
    "latex-cjk-dvipdfmx": ("content_texlive.py", "cjk", True, True),
    "pandoc-docx-libreoffice": ("content_texlive.py", "pandoc", False, False),
}


def build(outdir: Path = HERE, only: list[str] | None = None) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lo_profile = f"-env:UserInstallation=file://{work}/lo"
        for name, (module, how, numbered, headers) in DOCUMENTS.items():
            if only and name not in only:
                continue
            content = load_content(HERE / module)
            (outdir / f"{name}.expected.json").write_text(
                json.dumps(expected(content, numbered, headers), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            if how in ("ctex", "xecjk", "cjk"):
                src = outdir / f"{name}.tex"
                src.write_text(latex_source(content, how), encoding="utf-8")
                shutil.copy(src, work / src.name)
                engine = "latex" if how == "cjk" else "xelatex"
                for _ in range(2):  # marks and footnote numbers settle on the second run
                    run([engine, "-interaction=nonstopmode", "-halt-on-error", src.name], work)
                if how == "cjk":
                    run(["dvipdfmx", "-q", f"{name}.dvi"], work)
            elif how == "fodt":
                src = outdir / f"{name}.fodt"
                src.write_text(fodt_source(content), encoding="utf-8")
                shutil.copy(src, work / src.name)
                run(["soffice", lo_profile, "--headless", "--convert-to", "pdf", "--outdir", str(work),
                     str(work / src.name)], work)
            else:
                src = outdir / f"{name}.md"
                src.write_text(markdown_source(content), encoding="utf-8")
                run(["pandoc", "-f", "markdown-smart", str(src.resolve()), "-o", str(work / f"{name}.docx")], work)
                run(["soffice", lo_profile, "--headless", "--convert-to", "pdf", "--outdir", str(work),
                     str(work / f"{name}.docx")], work)
            shutil.copy(work / f"{name}.pdf", outdir / f"{name}.pdf")
            made.append(outdir / f"{name}.pdf")
    return made


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE, sys.argv[2:] or None):
        print(path, path.stat().st_size)
