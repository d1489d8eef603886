"""Build a stanza-style CoNLL-U file from a compact hand annotation and its text.

The hand annotation (``corpora/src/NAME.ud``) lists one word a line,
``ID FORM LEMMA UPOS XPOS HEAD DEPREL [NER] [F:FEATS]``, a blank line between
sentences and ``= par`` before the first sentence of each paragraph. This script
adds what a person should not type by hand: character offsets into the .txt
(every form is found in order, skipping only whitespace), SpaceAfter/SpacesAfter,
``# text``, ``# sent_id`` and default FEATS derived from the PTB tag (EWT style;
``F:...`` overrides them, ``F:_`` clears them). NER is ``O`` unless given.

Usage: python corpora/tools/build_conllu.py corpora/src/NAME.ud corpora/DIR/NAME.txt corpora/DIR/NAME.conllu
"""
from __future__ import annotations

import re
import sys

BIOES = re.compile(r"^[BIES]-(PERSON|ORG|GPE|NORP|LOC)$")

PRP = {
    "i": "Case=Nom|Number=Sing|Person=1|PronType=Prs",
    "me": "Case=Acc|Number=Sing|Person=1|PronType=Prs",
    "we": "Case=Nom|Number=Plur|Person=1|PronType=Prs",
    "us": "Case=Acc|Number=Plur|Person=1|PronType=Prs",
    "you": "Person=2|PronType=Prs",
    "he": "Case=Nom|Gender=Masc|Number=Sing|Person=3|PronType=Prs",
    "him": "Case=Acc|Gender=Masc|Number=Sing|Person=3|PronType=Prs",
    "she": "Case=Nom|Gender=Fem|Number=Sing|Person=3|PronType=Prs",
    "it": "Gender=Neut|Number=Sing|Person=3|PronType=Prs",
    "they": "Case=Nom|Number=Plur|Person=3|PronType=Prs",
    "them": "Case=Acc|Number=Plur|Person=3|PronType=Prs",
    "yours": "Person=2|Poss=Yes|PronType=Prs",
    "itself": "Case=Acc|Gender=Neut|Number=Sing|Person=3|PronType=Prs|Reflex=Yes",
    "himself": "Case=Acc|Gender=Masc|Number=Sing|Person=3|PronType=Prs|Reflex=Yes",
    "herself": "Case=Acc|Gender=Fem|Number=Sing|Person=3|PronType=Prs|Reflex=Yes",
    "themselves": "Case=Acc|Number=Plur|Person=3|PronType=Prs|Reflex=Yes",
}
PRPS = {
    "my": "Case=Gen|Number=Sing|Person=1|Poss=Yes|PronType=Prs",
    "our": "Case=Gen|Number=Plur|Person=1|Poss=Yes|PronType=Prs",
    "your": "Person=2|Poss=Yes|PronType=Prs",
    "his": "Case=Gen|Gender=Masc|Number=Sing|Person=3|Poss=Yes|PronType=Prs",
    "her": "Case=Gen|Gender=Fem|Number=Sing|Person=3|Poss=Yes|PronType=Prs",
    "its": "Case=Gen|Gender=Neut|Number=Sing|Person=3|Poss=Yes|PronType=Prs",
    "their": "Case=Gen|Number=Plur|Person=3|Poss=Yes|PronType=Prs",
}
DT = {
    "the": "Definite=Def|PronType=Art",
    "a": "Definite=Ind|PronType=Art",
    "an": "Definite=Ind|PronType=Art",
    "this": "Number=Sing|PronType=Dem",
    "that": "Number=Sing|PronType=Dem",
    "these": "Number=Plur|PronType=Dem",
    "those": "Number=Plur|PronType=Dem",
    "all": "PronType=Tot", "each": "PronType=Tot", "every": "PronType=Tot", "both": "PronType=Tot",
    "some": "PronType=Ind", "any": "PronType=Ind", "another": "PronType=Ind", "no": "PronType=Neg",
}
BY_XPOS = {
    "NN": "Number=Sing", "NNP": "Number=Sing", "NNS": "Number=Plur", "NNPS": "Number=Plur",
    "VB": "VerbForm=Inf", "VBD": "Mood=Ind|Tense=Past|VerbForm=Fin",
    "VBZ": "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
    "VBP": "Mood=Ind|Tense=Pres|VerbForm=Fin", "VBN": "Tense=Past|VerbForm=Part",
    "MD": "VerbForm=Fin", "JJ": "Degree=Pos", "JJR": "Degree=Cmp", "JJS": "Degree=Sup",
    "RBR": "Degree=Cmp", "RBS": "Degree=Sup", "WDT": "PronType=Rel", "WP": "PronType=Rel",
}


def default_feats(word: dict, sent: list[dict]) -> str:
    form, xpos = word["form"].lower(), word["xpos"]
    if xpos == "PRP":
        feats = PRP.get(form, "PronType=Prs")
        if form == "it":  # case follows the function: subject or object
            feats = ("Case=Nom|" if word["deprel"].startswith(("nsubj", "expl")) else "Case=Acc|") + feats
        return feats
    if xpos == "PRP$":
        return PRPS.get(form, "Poss=Yes|PronType=Prs")
    if xpos == "DT":
        return DT.get(form, "_")
    if xpos == "CD":
        return "NumForm=Digit|NumType=Card" if re.search(r"\d", form) else "NumForm=Word|NumType=Card"
    if xpos == "VBG":  # progressive ("are causing") and reduced relatives are participles, the rest gerunds
        progressive = any(w["head"] == word["id"] and w["deprel"] == "aux" and w["lemma"] == "be" for w in sent)
        return "Tense=Pres|VerbForm=Part" if progressive or word["deprel"] == "acl" else "VerbForm=Ger"
    return BY_XPOS.get(xpos, "_")


def parse_source(path: str) -> list[tuple[bool, list[dict]]]:
    sentences: list[tuple[bool, list[dict]]] = []
    words: list[dict] = []
    newpar = False
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.strip()
        if line.startswith(";;"):
            continue
        if not line or line == "= par":
            if words:
                sentences.append((newpar, words))
                words, newpar = [], False
            if line == "= par":
                newpar = True
            continue
        parts = line.split()
        if len(parts) < 7:
            sys.exit(f"{path}:{n}: expected ID FORM LEMMA UPOS XPOS HEAD DEPREL, got {line!r}")
        ident, form, lemma, upos, xpos, head, deprel, *extra = parts
        if int(ident) != len(words) + 1:
            sys.exit(f"{path}:{n}: word id {ident} out of order (expected {len(words) + 1})")
        word = {"id": int(ident), "form": form, "lemma": lemma, "upos": upos, "xpos": xpos,
                "head": int(head), "deprel": deprel, "ner": "O", "feats": None, "line": n}
        for item in extra:
            if BIOES.match(item):
                word["ner"] = item
            elif item.startswith("F:"):
                word["feats"] = item[2:]
            else:
                sys.exit(f"{path}:{n}: unknown item {item!r}")
        words.append(word)
    if words:
        sentences.append((newpar, words))
    return sentences


def build(src: str, txt_path: str, doc_id: str) -> str:
    text = open(txt_path, encoding="utf-8", newline="").read()
    sentences = parse_source(src)
    pos = 0
    flat = []
    for newpar, words in sentences:
        for w in words:
            start = text.find(w["form"], pos)
            if start < 0 or text[pos:start].strip():
                sys.exit(f"{src}:{w['line']}: {w['form']!r} does not follow at offset {pos}: {text[pos:pos + 30]!r}")
            gap = text[pos:start]
            if w is words[0] and flat:
                if newpar != ("\n" in gap):
                    sys.exit(f"{src}:{w['line']}: paragraph marker disagrees with the text before {w['form']!r}")
            elif "\n" in gap:
                sys.exit(f"{src}:{w['line']}: line break inside a sentence before {w['form']!r}")
            w["start"], w["end"] = start, start + len(w["form"])
            pos = w["end"]
            flat.append(w)
    if text[pos:].strip():
        sys.exit(f"{src}: text left over after the last word: {text[pos:pos + 40]!r}")
    out = [f"# newdoc id = {doc_id}"]
    for k, (newpar, words) in enumerate(sentences):
        if newpar or k == 0:
            out.append("# newpar")
        out.append(f"# sent_id = {k}")
        out.append(f"# text = {text[words[0]['start']:words[-1]['end']]}")
        for w in words:
            nxt = flat.index(w) + 1
            after = text[w["end"]:flat[nxt]["start"]] if nxt < len(flat) else text[w["end"]:]
            misc = []
            if after == "":
                misc.append("SpaceAfter=No")
            elif after != " ":
                misc.append("SpacesAfter=" + after.replace("\\", "\\\\").replace("\n", "\\n").replace(" ", "\\s"))
            misc += [f"start_char={w['start']}", f"end_char={w['end']}", f"ner={w['ner']}"]
            feats = w["feats"] if w["feats"] is not None else default_feats(w, words)
            out.append("\t".join([str(w["id"]), w["form"], w["lemma"], w["upos"], w["xpos"], feats,
                                  str(w["head"]), w["deprel"], "_", "|".join(misc)]))
        out.append("")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    src, txt, dest = sys.argv[1:4]
    doc_id = sys.argv[4] if len(sys.argv) > 4 else dest.rsplit("/", 1)[-1].removesuffix(".conllu")
    data = build(src, txt, doc_id)
    open(dest, "w", encoding="utf-8").write(data)
    print(f"wrote {dest}", file=sys.stderr)
