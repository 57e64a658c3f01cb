"""Paste-ready LaTeX of the reports: ``booktabs`` tables of short cells, mathematics set as
mathematics, and every number too long for a cell named in the table (with its decimal value)
and written out below it in an ``align*``, broken over lines.

The output needs only :data:`PREAMBLE` (``amsmath`` and ``booktabs``); :func:`document` wraps
it into a complete document for ``pdflatex``.  Widths are estimated for the ``article`` class
at 10pt (a text width of 345pt), so that no line is overfull there.

>>> print(prose("min |mu|_TV s.t. K mu = y"))
$\\min\\lVert\\mu\\rVert_{\\mathrm{TV}}\\ \\text{s.t.}\\ K\\mu = y$
"""

from __future__ import annotations

import re

__all__ = ["PREAMBLE", "document", "prose", "Sheet", "loss_latex", "math_width"]

PREAMBLE = "\\usepackage{amsmath}\n\\usepackage{booktabs}"
TEXT_WIDTH = 345.0        # pt: the article class at 10pt
DISPLAY_WIDTH = 290.0     # pt: one line of an align* after its label


def document(body: str) -> str:
    """A complete LaTeX document around ``body`` (what ``--standalone`` prints).

    >>> print(document("Hello").splitlines()[1])
    \\usepackage{amsmath}
    """
    return "\n".join(["\\documentclass{article}", PREAMBLE, "\\begin{document}", body, "\\end{document}", ""])


# ---- widths ------------------------------------------------------------------------------------
_OPERATORS = {"cdot": 8, "pm": 10, "approx": 10, "le": 10, "ge": 10, "in": 9, "times": 10, "to": 12,
              "quad": 10, "qquad": 20, ",": 1.7, ";": 2.8, ":": 2.2, "!": 0, "left": 0, "right": 0,
              "bigl": 0, "bigr": 0, "lVert": 5, "rVert": 5, "ldots": 12, "dots": 12, "sup": 14, "max": 16}


def _group(tex: str, i: int) -> tuple:
    """The argument at ``tex[i]`` (a braced group or one character) and the index after it."""
    while i < len(tex) and tex[i] == " ":
        i += 1
    if i >= len(tex):
        return "", i
    if tex[i] != "{":
        if tex[i] == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            return m[0], i + len(m[0])
        return tex[i], i + 1
    depth = 0
    for j in range(i, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[j], 0)
        if depth == 0:
            return tex[i + 1:j], j + 1
    return tex[i + 1:], len(tex)


def math_width(tex: str, display: bool = False) -> float:
    """A generous estimate of the width in pt of inline (or display) maths ``tex`` at 10pt.

    >>> math_width("x") < math_width("x + y") < math_width(r"\\frac{123456}{7}", display=True)
    True
    """
    total, i, scale = 0.0, 0, 1.0 if display else 0.72
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            cmd, i = m[1], i + len(m[0])
            if cmd in ("frac", "tfrac", "dfrac"):
                a, i = _group(tex, i)
                b, i = _group(tex, i)
                total += max(math_width(a, display), math_width(b, display)) * scale + 3
            elif cmd == "sqrt":
                if tex[i:i + 1] == "[":
                    i = tex.index("]", i) + 1
                    total += 4
                a, i = _group(tex, i)
                total += math_width(a, display) + 9
            elif cmd in ("operatorname", "text", "mathrm", "texttt", "mathbf"):
                a, i = _group(tex, i)
                total += 5.5 * len(a)
            else:
                total += _OPERATORS.get(cmd, 6)
        elif c in "^_":
            a, i = _group(tex, i + 1)
            total += 0.75 * math_width(a, display)
        else:
            i += 1
            total += 0 if c in "{} " else 12 if c in "+-=<>" else 4.5 if c in ",;" else 4 if c in "()[]|" else 5.2
    return total


# ---- prose: text with the mathematics of this package's messages set as maths --------------------
_PHRASES = [   # (pattern, LaTeX maths), the first match wins; longer phrases first
    (r"1/\(2n\) \|K mu - y\|\^2 \+ lambda \|mu\|_TV", r"\tfrac{1}{2n}\lVert K\mu - y\rVert^2 + \lambda\lVert\mu\rVert_{\mathrm{TV}}"),
    (r"1/2 \|K mu - y\|\^2 \+ lambda \|mu\|_TV", r"\tfrac{1}{2}\lVert K\mu - y\rVert^2 + \lambda\lVert\mu\rVert_{\mathrm{TV}}"),
    (r"min \|mu\|_TV s\.t\. K mu = y", r"\min\lVert\mu\rVert_{\mathrm{TV}}\ \text{s.t.}\ K\mu = y"),
    (r"\|mu\|_TV", r"\lVert\mu\rVert_{\mathrm{TV}}"),
    (r"K mu = y - lambda p", r"K\mu = y - \lambda p"), (r"K mu = y", r"K\mu = y"), (r"\bK mu\b", r"K\mu"),
    (r"\bb = y - lam(?:bda)? p\b", r"b = y - \lambda p"),
    (r"\beta\(w_i\) = sign\(a_i\)", r"\eta(w_i) = \operatorname{sign}(a_i)"),
    (r"\bsup \|eta\| <= 1\b", r"\sup|\eta| \le 1"), (r"\bsup \|eta\|", r"\sup|\eta|"),
    (r"\bsup eta\^2", r"\sup\eta^2"), (r"\bmax \|eta\|", r"\max|\eta|"),
    (r"\|eta\| = 1", r"|\eta| = 1"), (r"\|eta\|", r"|\eta|"), (r"\beta = \+-1", r"\eta = \pm 1"),
    (r"1/2 \|y\|\^2", r"\tfrac{1}{2}\lVert y\rVert^2"), (r"\|y\|\^2", r"\lVert y\rVert^2"),
    (r"\|p - p_0\|", r"\lVert p - p_0\rVert"), (r"\b2\^(-?\d+)\b", r"2^{\1}"),
    (r"\|p - p\*\| <= ", r"\lVert p - p^*\rVert \le "), (r"\bp\*", r"p^*"), (r"\|Ext\|", r"|\mathrm{Ext}|"),
    (r"\blambda -> 0\b", r"\lambda \to 0"), (r"\blambda n\b", r"\lambda n"),
    (r"\b(?:lambda|lam)_0\b", r"\lambda_0"), (r"\blambda\b", r"\lambda"), (r"\beta\(w\)", r"\eta(w)"),
    (r"\beta\b", r"\eta"), (r"\bmu = 0\b", r"\mu = 0"), (r"\bmu\b", r"\mu"),
    (r"\b([A-Za-z])_([A-Za-z0-9])\b", r"\1_{\2}"), (r"<=", r"\le"), (r">=", r"\ge"), (r"->", r"\to"),
    (r"(?<![\w.])-?\d+/\d+(?![\w/])", None),     # a fraction: \tfrac
]
_PROSE = re.compile("|".join(f"({pattern})" for pattern, _ in _PHRASES))
_TEXT_CHARS = str.maketrans({"\\": r"\textbackslash{}", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                             "&": r"\&", "%": r"\%", "$": r"\$", "^": r"\^{}", "~": r"\~{}", "|": r"$|$",
                             "<": r"$<$", ">": r"$>$", "*": r"$*$"})


def _escape(text: str) -> str:
    return text.translate(_TEXT_CHARS)


def prose(text: str) -> str:
    """Text of a message in LaTeX: special characters escaped, its mathematics set as maths.

    >>> prose("checked: sup |eta| <= 1, K mu = y - lambda p; 100% of w_i")
    'checked: $\\\\sup|\\\\eta| \\\\le 1$, $K\\\\mu = y - \\\\lambda p$; 100\\\\% of $w_{i}$'
    """
    out, last = [], 0
    for m in _PROSE.finditer(text):
        between = _escape(text[last:m.start()])
        pattern, tex = _PHRASES[_which(m)]
        if tex is None:
            num, den = m[0].split("/")
            tex = ("-" if num.startswith("-") else "") + r"\tfrac{%s}{%s}" % (num.lstrip("-"), den)
        elif "\\1" in tex:
            tex = re.fullmatch(pattern, m[0]).expand(tex)
        if last and not between and out[-1].endswith("$"):   # adjacent maths: one formula
            out[-1] = out[-1][:-1] + tex + "$"
        else:    # not by replacing "$$": an escaped \$ of the text may precede the formula
            out += [between, f"${tex}$"]
        last = m.end()
    out.append(_escape(text[last:]))
    return "".join(out)


_GROUP_OF = []     # index of the outer group of each phrase in _PROSE
for _pattern, _ in _PHRASES:
    _GROUP_OF.append(1 + sum(1 + re.compile(p).groups for p, _t in _PHRASES[:len(_GROUP_OF)]))


def _which(m) -> int:
    return next(k for k, g in enumerate(_GROUP_OF) if m.group(g) is not None)


def loss_latex(loss: str) -> str:
    """The loss of a report as display maths (its text as text when it is not one of ours)."""
    text = prose(loss)
    return text[1:-1] if text.count("$") == 2 and text.startswith("$") and text.endswith("$") \
        else r"\text{" + text + "}"


# ---- numbers -----------------------------------------------------------------------------------
_ARB_BALL = re.compile(r"\[(\S+) \+/- (\S+)\]")
_NAMES = {"sqrt", "CRootOf", "x", "I", "pi", "theta"}   # what exact numbers of this package print with


def scientific(value: float, digits: int = 10) -> str:
    """A float in LaTeX maths with ``digits`` significant digits (``1.5 \\cdot 10^{-17}``).

    >>> scientific(-5.6e-17, 2), scientific(0.253412035214, 4), scientific(float("inf"))
    ('-5.6 \\\\cdot 10^{-17}', '0.2534', '\\\\infty')
    """
    if value != value:
        return r"\text{undefined}"
    if abs(value) == float("inf"):
        return ("-" if value < 0 else "") + r"\infty"
    text = f"{value:.{digits}g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    power = f"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else ("-" + power if mantissa == "-1" else f"{mantissa} \\cdot {power}")


def _needs_decimal(value) -> bool:
    """Whether an exact number needs a rounded decimal beside it: the reports' one rule
    (:func:`~certificates.report.readable.decimal_kind` gives ``"≈"``); a fraction whose decimal
    terminates is written as a fraction only, an integer or decimal as it is."""
    from .readable import decimal_kind
    return decimal_kind(value) == "≈"


class Sheet:
    """The numbers of one LaTeX report: :meth:`number` and :meth:`vector` give the maths of a
    table cell, the number itself when it fits ``budget`` (pt), else a name with its decimal
    value; :meth:`lines` then writes every named number out in full (an ``align*``, long sums
    broken over lines) and the algebraic numbers ``theta`` they are polynomials in.

    >>> sheet = Sheet()
    >>> sheet.number("3/4", "a"), sheet.number("1 + sqrt(2) + sqrt(3) + sqrt(5) + sqrt(7)", "b", budget=40)
    ('\\\\frac{3}{4}', 'b \\\\approx 9.02808')
    >>> print("\\n".join(sheet.lines()))
    \\noindent where
    \\begin{align*}
    b &= 1 + \\sqrt{2} + \\sqrt{3} + \\sqrt{5} + \\sqrt{7} \\approx 9.028083659.
    \\end{align*}
    """

    def __init__(self):
        self.definitions: list = []     # (name, lines of maths, decimal or None)
        self.generators: dict = {}      # sympy CRootOf -> its symbol

    def _expr(self, text: str):
        """``text`` as a sympy number with its CRootOf replaced by symbols, and the number; or None."""
        if not set(re.findall(r"[A-Za-z_]\w*", text)) <= _NAMES:   # not ours: never evaluate it
            return None
        import sympy

        from ..exact.convert import number_of_text
        from .readable import MAX_EXACT
        try:
            value = number_of_text(text)
        except (sympy.SympifyError, SyntaxError, TypeError):
            return None
        if len(text) > MAX_EXACT:   # pages of digits help no reader: its decimal (exact in the JSON)
            return sympy.N(value, 15)
        for root in sorted(value.atoms(sympy.CRootOf), key=str):
            self.generators.setdefault(root, None)
        return value

    def _symbols(self, value):
        import sympy
        if len(self.generators) == 1:
            names = {root: sympy.Symbol("theta") for root in self.generators}
        else:
            names = {root: sympy.Symbol(f"theta_{k}") for k, root in enumerate(self.generators, 1)}
        return value.xreplace(names)

    def _tex(self, value) -> str:
        import sympy
        return sympy.latex(self._symbols(value))

    @staticmethod
    def decimal(value, digits: int = 10) -> str:
        import sympy
        return scientific(float(sympy.N(value, digits + 5)), digits)

    def number(self, text, name: str, budget: float = 90.0) -> str:
        """The maths of an exact number (sympy's text) or an arb ball in a cell."""
        if text is None:
            return r"\text{n/a}"
        text = str(text)
        ball = _ARB_BALL.fullmatch(text)
        if ball:
            return f"{ball[1]} \\pm {scientific(float(ball[2]), 2)}"
        value = self._expr(text)
        if value is None:
            return r"\text{" + _escape(text) + "}"
        tex = self._tex(value)
        if not _needs_decimal(value) and math_width(tex) <= budget:
            return tex
        if _needs_decimal(value) and math_width(f"{tex} \\approx {self.decimal(value)}") <= budget:
            return f"{tex} \\approx {self.decimal(value)}"
        self.definitions.append((name, self._broken(value), self.decimal(value)))
        return f"{name} \\approx {self.decimal(value, 6)}"

    def vector(self, texts, name: str, budget: float = 150.0) -> str:
        """The maths of a vector of exact numbers in a cell: a tuple, or ``name`` defined below."""
        texts = [str(t) for t in texts]
        values = [None if _ARB_BALL.fullmatch(t) else self._expr(t) for t in texts]
        cells = [self._tex(v) if v is not None else self.number(t, name) for t, v in zip(texts, values)]
        inline = r"\bigl(" + ", ".join(cells) + r"\bigr)"
        # a decimal beside the exact tuple when one of its entries is not a terminating decimal
        approx = None if not any(v is not None and _needs_decimal(v) for v in values) else \
            [self.decimal(v) if v is not None else "?" for v in values]
        if approx is None and math_width(inline) <= budget:
            return inline
        if approx is not None and "?" not in approx:
            full = inline + r" \approx \bigl(" + ", ".join(approx) + r"\bigr)"
            if math_width(full) <= budget:
                return full
        entries = []
        for k, (t, v, cell) in enumerate(zip(texts, values, cells), 1):
            if v is not None and math_width(cell, display=True) > DISPLAY_WIDTH / 2:
                entries.append(f"{name}_{{{k}}}")
                self.definitions.append((f"{name}_{{{k}}}", self._broken(v), self.decimal(v)))
            else:
                entries.append(cell)
        body = self._joined(entries, ", ", r"\bigl(", r"\bigr)")
        if approx is not None and "?" not in approx:
            body += self._joined(approx, ", ", r"\approx \bigl(", r"\bigr)")
        self.definitions.insert(len(self.definitions) - sum(e.startswith(name + "_") for e in entries),
                                (name, body, None))
        approx = [self.decimal(v, 4) if v is not None else "?" for v in values]
        short = f"{name} \\approx \\bigl(" + ", ".join(approx) + r"\bigr)"
        return short if None not in values and math_width(short) <= budget else name

    def floats(self, values, name: str, budget: float = 150.0, digits: int = 9) -> str:
        """The maths of a vector of floats in a cell: a tuple (fewer digits when that makes it
        fit, down to 4), or ``name`` with the tuple written out below."""
        values = [float(v) for v in values]
        for n in sorted({digits, min(digits, 6), 4}, reverse=True):
            inline = r"\bigl(" + ", ".join(scientific(v, n) for v in values) + r"\bigr)"
            if math_width(inline) <= budget:
                return inline
        self.definitions.append((name, self._joined([scientific(v, digits) for v in values], ", ", r"\bigl(",
                                                     r"\bigr)"), None))
        return name

    def _broken(self, value) -> list:
        """Lines of ``value``: a long sum broken between its terms."""
        import sympy
        value = self._symbols(value)
        if not value.is_Add:
            return [sympy.latex(value)]
        terms = []
        for k, term in enumerate(value.as_ordered_terms()):
            if k and term.could_extract_minus_sign():
                terms.append("- " + sympy.latex(-term))
            else:
                terms.append(("+ " if k else "") + sympy.latex(term))
        return self._joined(terms, " ")

    @staticmethod
    def _joined(pieces, sep: str, opening: str = "", closing: str = "") -> list:
        lines, line = [], opening
        for k, piece in enumerate(pieces):
            item = piece + (sep.rstrip() if sep.strip() and k < len(pieces) - 1 else "")
            if line.strip() and math_width(line + " " + item, display=True) > DISPLAY_WIDTH - 30:
                lines.append(line.rstrip())
                line = ""
            line += item + (" " if k < len(pieces) - 1 else "")
        return lines + [line.rstrip() + closing]

    def lines(self) -> list:
        """The definitions of the named numbers and of the generators (nothing when there are none)."""
        if not self.definitions and not self.generators:
            return []
        import sympy
        out = []
        for name, body, decimal in self.definitions:
            rows = list(body)
            if decimal is not None:
                tail = f" \\approx {decimal}"
                if math_width(rows[-1] + tail, display=True) <= DISPLAY_WIDTH - 30:
                    rows[-1] += tail
                else:
                    rows.append(tail.strip())
            out.append(f"{name} &= " + " \\\\\n  &\\quad ".join(rows))
        x = sympy.Symbol("x")
        for root in self.generators:
            symbol = self._symbols(root)
            poly = sympy.Poly(root.expr, x) if hasattr(root, "expr") else root.poly
            rows = self._joined(self._broken_poly(poly, symbol), " ")
            rows[-1] += ","
            rows.append(f"\\text{{where }} {sympy.latex(symbol)} \\approx {self.decimal(root, 15)}")
            out.append("0 &= " + " \\\\\n  &\\quad ".join(rows))
        return ["\\noindent where", "\\begin{align*}"] + [",\\\\\n".join(out) + "."] + ["\\end{align*}"]

    @staticmethod
    def _broken_poly(poly, symbol) -> list:
        import sympy
        terms = []
        for k, (monom, coeff) in enumerate(poly.terms()):
            term = sympy.latex(abs(coeff) * symbol ** monom[0])
            terms.append(("- " if coeff < 0 else "+ " if k else "") + term)
        return terms
