#!/usr/bin/env python3
"""End-to-end evaluation of `briefing entities` against MEANTIME (English).

Python 3, standard library only.  Judges the product's JSON output only
(blind: no product source is read).  Usage:
    python3 eval_meantime.py [--verbose] [--json-out FILE] [--keep]
            [--data DIR] [--bin BIN] [--workdir DIR]

DATA
  The derived English MEANTIME conversion of Diverse_CDCR_datasets
  (MEANTIME-prep/output_data/en): `meantime.conll` (120 tokenised docs;
  sentence 0 = title, sentence 1 = date line; token ids restart at 0 in
  every sentence) and `entities_mentions.json` (entity mentions: doc,
  sent_id, sentence-relative token ids, type PER/ORG/LOC/PRO/FIN/MIX, the
  cross-document instance in `coref_chain`, and the converter's spaCy head
  word `mention_head`).  `--data DIR` (default: $MEANTIME_DATA, else ./meantime beside this
  script; see BENCHMARKS.md for how to get it).
  MEANTIME: (c) 2015 FBK, VU Amsterdam, UPV/EHU; CC BY 4.0.
  Caveats of the derived copy (not fixable here):
  * 14 of the 30 corpus_gm docs carry no entity annotation at all (the
    converter's relation loop also lost the events of 60 docs); those 14 are
    left out entirely (not written, not run, not scored).  Other docs may
    have lost individual mentions the same way; unknowable here.
  * MEANTIME annotates everything only in the title and the first sentences;
    later only mentions of entities already annotated.  Even early on some
    obvious names are not annotated (e.g. "Airbus" in corpus_airbus/11716),
    so every precision below is a LOWER BOUND.
  * The proper-name / NP / pronoun distinction (syntactic_type) is dropped;
    mentions are whole NPs, so names are re-derived heuristically (below).
  * Instance id = `coref_chain` minus its `cross_intra_` / `cross_` /
    `intra_` prefix (the bare ids are those of MEANTIME's instance list).
  * The English data has no MIX mentions; PRO and FIN are left out.

TEXTS GIVEN TO THE PRODUCT
  One `<subtopic>.txt` per doc in a temp folder per topic corpus (airbus,
  apple, gm, stock) under --workdir (deleted unless --keep): line 1 = title,
  blank line, the date line, blank line, then each body sentence as its own
  paragraph (blank line between; the original paragraphs are not in the
  data).  Tokens are rejoined: no space before , . ; : ! ? % ) ] 's n't 're
  've 'll 'd 'm ... '' ; none after ( [ `` or an opening quote, nor between a
  currency sign (US$, $, CA$, #) and a number; `` and '' become ", "#" before a
  number becomes the pound sign (the converter's mangled pound sign); a lone '
  after a word ending in s is a possessive; O' Leary -> O'Leary; Wal - Mart,
  iTunes - compatible, Macintosh - curious are rejoined with a hyphen (the
  only "X - Y" in the corpus that are not dashes).  The character offsets of
  every token are recorded, so the product's `start`/`end` (checked against
  its `text`; byte offsets tried as a fallback) map back to tokens/sentences.
  Run per topic: `BIN entities --json -q --index <fresh empty dir> <topic dir>`
  (BIN = --bin, else $BRIEFING_BIN, else target/release/briefing).

GOLD NAMED MENTIONS (heuristic; a simplification of "proper-name mention")
  Only PER, ORG, LOC mentions; PRO and FIN are counted and left out.  Within
  each gold mention span:
  1. Name-like token: starts with an upper-case letter, or lower-case then
     upper-case (iPhone).  Runs = maximal sequences of name-like tokens that
     are adjacent in the sentence, allowing inside a run the connectors of,
     of the, &, de, du, des, da, di, del, der, den, van, von, la, le, and
     "and" only between >= 2 name tokens on each side ("European Aeronautic
     Defence and Space Company"; "GM and Chrysler" stays two runs).
     In PER mentions, tokens of a nested gold mention of another instance
     break runs ("President of the United States Barack Obama").
  2. PER mentions only: title/role words (TITLE_WORDS: Mr., President,
     Chief, Executive, CEO, Governor, General (not in General Motors),
     Senator, Minister, Judge, ...) split runs and are dropped:
     "Alabama Governor Bob Riley" -> Alabama | Bob Riley.
  3. Leading capitalised function words (FUNCTION_WORDS: The, A, He, It, We,
     Its, This, But, I', ...) and non-name tokens are stripped from a run,
     trailing connectors too; an empty run is dropped.  A one-token run at
     the start of its sentence (only punctuation before it) is dropped when
     the word occurs lower-case in the corpus and never stands capitalised on
     its own mid-sentence outside titles ("Analysts", "Shares").  A run that
     is a demonym or "-based"/"-led" adjective (DEMONYMS: American, European,
     Japanese, ...) is not a gold named mention (56 runs); its span counts as
     "inside a gold mention" for the neutral rule below.
  4. Attribution (the name must be the mention's head): if the converter's
     spaCy head word lies in a run, that run is attributed; otherwise the LAST
     run is attributed iff only punctuation / possessive / parenthesis follows
     it in the mention and no preposition (of, in, at, for, as, including,
     than, ...) precedes it in the mention ("Prime Minister of Canada",
     "the parent company of European airframer Airbus" give nothing).
     Then: a coordination ("GM and Chrysler", head run next to and/or/+ with
     a run on the other side) attributes nothing; a parenthesised acronym run
     right after the attributed run is attributed too ("the United States Air
     Force ( USAF" -> both).  "EADS chief executive Louis Gallois" -> only
     Louis Gallois (PER).  Runs not attributed give no gold named mention.
  5. Gold named mention = (doc, character span of the run, trailing , ; :
     trimmed; kind; instance).  Duplicates collapse; if two instances claim
     one span the claim of the shortest mention wins (6 cases, all a
     set-instance like "General Motors and Chrysler" losing to the single one).
  Kind mapping: PER=person, ORG=organization, LOC=place.  MEANTIME tags
  governments and e.g. "White House", "EU" as LOC: such kind mismatches are
  counted as wrong kind although debatable.

PRODUCT MENTIONS
  Mentions of entities of kind person / organization / place; date and group
  mentions are not predictions (a miss that a date/group mention overlaps is
  flagged "found as" in --verbose).  Identical spans listed twice keep the
  first.  NEUTRAL (neither TP nor FP): a product mention that overlaps no gold
  named mention but lies inside a gold mention span of any type, PRO/FIN
  included (e.g. "Airbus" in the PRO "Airbus A380", "Alabama" in "Alabama
  Governor Bob Riley", "Dow Jones" in the FIN "the Dow Jones Industrial
  Average", "European" in "a European company").

SCORING  (pooled over the four topics; micro-averaged)
  (a) Detection P/R/F1 over four regions (both gold and product mentions are
      restricted to the region):
      * dense = title + first four body sentences (sentence ids 0, 2-5), where
        MEANTIME annotates (nearly) everything.  PRIMARY precision figures.
      * dense-body = the same without the title: the product reports almost
        no entity mentions in titles (headline treated as metadata), so this
        separates that design effect from the rest.
      * all / all-body = whole documents: recall is fully meaningful;
        precision is a loose lower bound (sparse annotation after sentence 5).
      Matching modes, each "typed" (kind must agree) and "untyped":
      * exact: identical character span, one-to-one.
      * overlap: overlapping spans, one-to-one, exact matches first, then
        greedy by largest overlap (boundary errors forgiven).
      * string: per document, multiset of normalised surface strings
        (whitespace collapsed, leading "the " and trailing 's removed);
        TP = sum over strings of min(gold count, product count).
      Per kind (typed, exact and overlap): precision of kind K = product K
      mentions matched to gold K / product K mentions in the region.
  (b) Cross-document coreference over the matched named mentions: the
      one-to-one UNTYPED OVERLAP matches over whole documents (so kind and
      boundary errors do not count here).  Key cluster = (topic, gold
      instance); response cluster = product entity id within its topic run
      (the product is run per topic, so the 16 instances that occur in several
      topics, e.g. United States, are scored per topic).  MUC; B-cubed;
      CEAF-e (phi4 similarity; optimal one-to-one cluster alignment by an
      exact Hungarian / Kuhn-Munkres algorithm in pure Python, per connected
      component); CoNLL F1 = mean of the three F1.  Baselines on the same
      mentions: "same normalised string = same entity" within a topic, and
      all singletons.  Wrong merges = product entities whose matched mentions
      carry >= 2 gold instances; splits = gold (topic, instance) whose
      matched mentions are spread over >= 2 product entities.
  --verbose lists: gold span conflicts, biggest misses (titles / bodies),
  false positives in the dense region, wrong kinds, boundary errors, wrong
  merges, split instances.  --json-out FILE writes all figures.
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOPICS = ("airbus", "apple", "gm", "stock")
NAMED_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
OTHER_TYPES = ("PRO", "FIN", "MIX")
PRODUCT_KINDS = ("person", "organization", "place")
DENSE_SENTS = {0, 2, 3, 4, 5}

CONNECTORS = {"of", "&", "de", "du", "des", "da", "di", "del", "der", "den",
              "van", "von", "la", "le"}
PREPOSITIONS = {"of", "in", "at", "from", "for", "by", "with", "on", "to", "as",
                "including", "than", "such", "among", "between", "about",
                "near", "into", "across", "throughout", "against", "like"}
FUNCTION_WORDS = {
    "The", "A", "An", "This", "That", "These", "Those", "Its", "His", "Her",
    "Their", "Our", "My", "Your", "He", "She", "It", "They", "We", "I", "You",
    "Him", "Them", "Us", "Me", "Who", "Which", "What", "Whose", "Whom", "In",
    "On", "At", "For", "From", "By", "With", "To", "Of", "But", "And", "Or",
    "So", "As", "If", "When", "While", "After", "Before", "Also", "However",
    "Meanwhile", "According", "Both", "All", "Some", "Many", "Most", "Other",
    "Another", "Each", "Every", "Former", "Then", "Now", "There", "Here",
    "Such", "One", "Two", "Three", "Several", "Few", "No", "Not", "Yet",
    "Since", "Although", "Though", "Because", "Although", "Last", "Next",
    "Itself", "Themselves", "Himself", "Herself", "Ourselves", "I'",
}
# adjectival / plural demonyms and "-based"/"-led" adjectives: not names of
# the place or organization (NER conventions tag them NORP); a run that is
# one of these is not a gold named mention (its span counts as unattributed)
DEMONYMS = {
    "American", "Americans", "European", "Europeans", "Japanese", "Russian",
    "Russians", "Canadian", "Canadians", "Chinese", "British", "Asian",
    "Australian", "Australians", "Indonesian", "Indonesians", "Romanian",
    "Romanians", "German", "Germans", "Irish", "French", "Swiss", "Italian",
    "Spanish", "Dutch", "Korean", "Indian", "Thai", "Singaporean",
    "Singaporeans", "Malaysian", "Mexican", "Brazilian", "Victorian",
    "Californian", "North American", "South Korean", "Asian-Pacific",
    "Congressional", "Western", "Eastern",
}

TITLE_WORDS = {
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir", "Dame",
    "President", "Vice", "Chairman", "Chairwoman", "Chair", "Chief",
    "Executive", "Officer", "Operating", "Financial", "CEO", "CFO", "COO",
    "Senator", "Sen.", "Governor", "Gov.", "General", "Gen.", "Secretary",
    "Minister", "Prime", "Representative", "Rep.", "Congressman",
    "Congresswoman", "Judge", "Justice", "King", "Queen", "Prince", "Princess",
    "Pope", "Lord", "Lady", "Director", "Commissioner", "Chancellor", "Mayor",
    "Captain", "Capt.", "Colonel", "Col.", "Lieutenant", "Lt.", "Sergeant",
    "Sgt.", "Admiral", "Adm.", "Major", "Professor", "Prof.", "Analyst",
    "Spokesman", "Spokeswoman", "Spokesperson", "Founder", "Co-founder",
    "Deputy", "Attorney", "Commander", "Speaker", "Leader", "Head", "Managing",
    "Senior", "Junior", "Jr.", "Sr.", "Treasurer", "Ambassador", "Envoy",
    "Sheikh", "Emir", "Sultan", "Premier", "Chairperson", "Boss", "Mogul",
    "Economist", "Strategist", "Trader", "Analysts", "Former", "C.E.O.",
}
COORD = {"and", "or", "+"}
TRAILING_OK = {",", ".", ";", ":", ")", "]", "'s", "'", "’s", "’", "''",
               '"', "”", "(", "--", "-"}


# ---------------------------------------------------------------- reading
def load_conll(path):
    docs = collections.OrderedDict()
    cur = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#begin document"):
                cur = line.split("(", 1)[1].split(")", 1)[0]
                docs[cur] = {}
                continue
            if line.startswith("#end") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5:
                continue
            s, i, tok = int(parts[1]), int(parts[2]), parts[3]
            sent = docs[cur].setdefault(s, [])
            if i != len(sent):
                raise SystemExit("non-contiguous token ids in %s sent %d" % (cur, s))
            sent.append(tok)
    return docs


def load_mentions(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def instance_of(chain):
    return re.sub(r"^(cross_intra_|cross_|intra_)", "", chain)


# ----------------------------------------------------------- detokenising
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "'s",
                   "n't", "'re", "'ve", "'ll", "'d", "'m", "'S", "...", "''",
                   "”", "’s", "’"}
NO_SPACE_AFTER = {"(", "[", "{", "``", "“"}
CURRENCY = {"$", "US$", "CA$", "A$", "C$", "NZ$", "HK$", "#", "£", "€", "¥"}
CLITICS = {"s", "ll", "re", "ve", "d", "m", "t"}
# corpus tokenisation splits these hyphenated words; rejoin them (found by
# listing every "X - Y" in the corpus: all others are dashes)
GLUED_HYPHENS = {"Wal-Mart", "iTunes-compatible", "Macintosh-curious"}


def render_sentence(tokens, out, offsets):
    """Append the sentence's pieces to list `out`, recording (start, end) per token."""
    pos = sum(len(p) for p in out)
    prev = None
    glue_next = False  # previous token was an opening bracket/quote or a currency sign
    dq_open = False
    for i, tok in enumerate(tokens):
        surf = tok
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok in ("``", "''"):
            surf = '"'
        elif tok == "#" and nxt[:1].isdigit():
            surf = "\u00a3"
        space = prev is not None and not glue_next
        opening = False
        if prev is not None:
            if tok in NO_SPACE_BEFORE:
                space = False
            elif tok == '"':
                if dq_open:
                    space = False
                else:
                    opening = True
            elif tok == "'" and prev[-1:] in "sS":
                space = False
            elif tok == "'":
                opening = True
            elif prev.endswith("'") and prev not in ("'", "''") and tok in CLITICS:
                space = False
            elif re.match(r"^[A-HJ-Z]'$", prev) and tok[:1].isupper():
                space = False  # O' Leary -> O'Leary
            elif tok == "-" and prev + "-" + nxt in GLUED_HYPHENS:
                space = False
            elif prev == "-" and i >= 2 and tokens[i - 2] + "-" + tok in GLUED_HYPHENS:
                space = False
        else:
            opening = tok in ('"', "'")
        if tok == '"':
            dq_open = not dq_open
        if space:
            out.append(" ")
            pos += 1
        offsets.append((pos, pos + len(surf)))
        out.append(surf)
        pos += len(surf)
        glue_next = (tok in NO_SPACE_AFTER or opening or
                     (tok in CURRENCY and nxt[:1].isdigit()))
        prev = tok


def render_doc(sents):
    """Return (text, {(sent, tok): (start, end)}, {sent: (start, end)})."""
    out, tokpos, sentpos = [], {}, {}
    order = sorted(sents)
    for n, s in enumerate(order):
        if n > 0:
            out.append("\n\n")
        offs = []
        start = sum(len(p) for p in out)
        render_sentence(sents[s], out, offs)
        for i, o in enumerate(offs):
            tokpos[(s, i)] = o
        sentpos[s] = (start, sum(len(p) for p in out))
    out.append("\n")
    return "".join(out), tokpos, sentpos


# ------------------------------------------------------------ gold names
def is_namelike(tok):
    if not tok or not tok[0].isalpha():
        return False
    if tok[0].isupper():
        return True
    return bool(re.match(r"^[a-z]+[A-Z]", tok))


def build_lower_vocab(docs):
    """Words that occur lower-case in the corpus and never stand capitalised
    on their own mid-sentence outside titles (ordinary words, capitalised only
    sentence-initially or inside a longer name)."""
    lower, midcaps = set(), set()
    for sents in docs.values():
        for s, toks in sents.items():
            if s == 0:
                continue  # titles may be in Title Case
            seen_alnum = False
            for k, t in enumerate(toks):
                if t and t[0].islower():
                    lower.add(t)
                elif t and t[0].isupper() and seen_alnum:
                    # standalone capitalised word mid-sentence (not inside a
                    # longer capitalised sequence such as "Ford Motor Company")
                    prv = toks[k - 1] if k else ""
                    nxt = toks[k + 1] if k + 1 < len(toks) else ""
                    if not (prv[:1].isupper() or nxt[:1].isupper()):
                        midcaps.add(t)
                if any(c.isalnum() for c in t):
                    seen_alnum = True
    return {w for w in lower if w.capitalize() not in midcaps and w.upper() not in midcaps}


def name_runs(sent_tokens, idxs, mtype, lower_vocab, breakers=()):
    """Name runs inside a mention (docstring, steps 1-3): lists of sentence
    token ids.  Tokens in `breakers` (nested gold mentions of other instances
    inside a PER mention) cannot be part of a run."""
    toks = sent_tokens
    seq = sorted(i for i in idxs if i not in breakers)
    runs, cur = [], []
    k = 0
    while k < len(seq):
        i = seq[k]
        tok = toks[i]
        if is_namelike(tok):
            if cur and i != cur[-1] + 1:  # discontinuity or a breaker in between
                runs.append(cur)
                cur = []
            cur.append(i)
            k += 1
            continue
        if (tok == "and" and len(cur) >= 2 and i == cur[-1] + 1 and k + 2 < len(seq)
                and seq[k + 2] == i + 2 and is_namelike(toks[i + 1]) and is_namelike(toks[i + 2])):
            cur.append(i)  # "European Aeronautic Defence and Space Company"
            k += 1
            continue
        if cur and tok in CONNECTORS and i == cur[-1] + 1:
            j = k + 1
            if tok == "of" and j < len(seq) and toks[seq[j]] == "the" and seq[j] == seq[j - 1] + 1:
                j += 1
            if j < len(seq) and seq[j] == seq[j - 1] + 1 and is_namelike(toks[seq[j]]):
                cur.extend(seq[k:j])
                k = j
                continue
        if cur:
            runs.append(cur)
            cur = []
        k += 1
    if cur:
        runs.append(cur)
    if mtype == "PER":  # title / role words split runs
        split = []
        for r in runs:
            part = []
            for i in r:
                nxt = toks[i + 1] if i + 1 < len(toks) else ""
                if (toks[i].rstrip(",") in TITLE_WORDS
                        and not (toks[i] == "General" and nxt.startswith("Motor"))):
                    if part:
                        split.append(part)
                    part = []
                else:
                    part.append(i)
            if part:
                split.append(part)
        runs = split
    cleaned, demonyms = [], []
    for r in runs:
        while r and (toks[r[0]] in FUNCTION_WORDS or toks[r[0]] in CONNECTORS
                     or not is_namelike(toks[r[0]])):
            r = r[1:]
        while r and (toks[r[-1]] in CONNECTORS or toks[r[-1]] == "the"):
            r = r[:-1]
        if not r:
            continue
        if len(r) == 1 and toks[r[0]].lower() in lower_vocab:
            before = toks[:r[0]]
            if all(not any(c.isalnum() for c in t) for t in before):
                continue  # one sentence-initial word that is also used lower-case
        words = " ".join(toks[i] for i in r)
        if words in DEMONYMS or re.search(r"-(based|led)$", words):
            demonyms.append(r)
            continue
        cleaned.append(r)
    return cleaned, demonyms


def attributed_runs(sent_tokens, idxs, runs, head_word):
    """Which runs name the mention's head (see docstring, step 4)."""
    if not runs:
        return []
    idxs = sorted(idxs)
    chosen = None
    if head_word:
        for r in runs:
            if any(sent_tokens[i] == head_word for i in r):
                chosen = r
                break
        if chosen is None:
            for r in runs:
                if any(sent_tokens[i].startswith(head_word) or head_word.startswith(sent_tokens[i])
                       for i in r if len(head_word) > 1):
                    chosen = r
                    break
    if chosen is None:
        last = runs[-1]
        after = [i for i in idxs if i > last[-1]]
        if all(sent_tokens[i] in TRAILING_OK for i in after):
            before = [i for i in idxs if i < last[0]]
            if not any(sent_tokens[i].lower() in PREPOSITIONS for i in before):
                chosen = last
    if chosen is None:
        return []
    # coordination: "GM and Chrysler", "Canada and Ontario" -> the mention
    # names a set, not the run's entity: attribute nothing
    pos = {i: n for n, i in enumerate(idxs)}
    a, b = pos[chosen[0]], pos[chosen[-1]]
    in_run = {i for r in runs for i in r}
    nxt = [sent_tokens[i] for i in idxs[b + 1:b + 3]]
    prv = [sent_tokens[i] for i in idxs[max(0, a - 2):a]]
    if (nxt[:1] and nxt[0] in COORD and idxs[b + 2:b + 3] and idxs[b + 2] in in_run) or \
            (prv[-1:] and prv[-1] in COORD and a >= 2 and idxs[a - 2] in in_run):
        return []
    out = [chosen]
    # parenthesised acronym right after the chosen run: X ( Y [)]
    k = runs.index(chosen)
    if k + 1 < len(runs):
        nxt = runs[k + 1]
        between = [sent_tokens[i] for i in idxs if chosen[-1] < i < nxt[0]]
        if between == ["("]:
            out.append(nxt)
    return out


# ---------------------------------------------------------------- product
def run_product(binary, folder, workdir):
    idx = tempfile.mkdtemp(prefix="index-", dir=workdir)
    cmd = [binary, "entities", "--json", "-q", "--index", idx, folder]
    t0 = time.time()
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.time() - t0
    if res.returncode != 0:
        raise SystemExit("product failed (%d): %s\n%s" % (res.returncode, " ".join(cmd),
                                                          res.stderr.decode(errors="replace")))
    return json.loads(res.stdout.decode("utf-8")), dt, cmd


def locate(m, text):
    s, e = m.get("start"), m.get("end")
    if s is None or e is None:
        return None
    if text[s:e] == m.get("text"):
        return s, e
    b = text.encode("utf-8")
    if b[s:e].decode("utf-8", errors="replace") == m.get("text"):
        return len(b[:s].decode("utf-8", errors="replace")), len(b[:e].decode("utf-8", errors="replace"))
    return None


# ---------------------------------------------------------------- metrics
def prf(tp_p, n_p, tp_r, n_r):
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": p, "R": r, "F1": f, "tp": tp_r, "n_pred": n_p, "n_gold": n_r}


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(golds, preds, mode, typed):
    """golds/preds: lists of dicts with doc, span, kind, norm.  Returns list of (gi, pi)."""
    pairs = []
    if mode == "exact":
        index = {}
        for pi, p in enumerate(preds):
            index.setdefault((p["doc"], p["span"]), []).append(pi)
        used = set()
        for gi, g in enumerate(golds):
            for pi in index.get((g["doc"], g["span"]), []):
                if pi in used or (typed and preds[pi]["kind"] != g["kind"]):
                    continue
                used.add(pi)
                pairs.append((gi, pi))
                break
        return pairs
    if mode == "overlap":
        bydoc = collections.defaultdict(list)
        for pi, p in enumerate(preds):
            bydoc[p["doc"]].append(pi)
        cands = []
        for gi, g in enumerate(golds):
            for pi in bydoc.get(g["doc"], []):
                p = preds[pi]
                ov = overlap(g["span"], p["span"])
                if ov > 0 and (not typed or p["kind"] == g["kind"]):
                    exact = g["span"] == p["span"]
                    cands.append((-int(exact), -ov, g["span"][0], gi, pi))
        cands.sort()
        ug, up = set(), set()
        for _, _, _, gi, pi in cands:
            if gi in ug or pi in up:
                continue
            ug.add(gi)
            up.add(pi)
            pairs.append((gi, pi))
        return pairs
    raise ValueError(mode)


def string_counts(golds, preds, typed):
    def key(x):
        return (x["doc"], x["norm"], x["kind"] if typed else "")
    gc = collections.Counter(key(g) for g in golds)
    pc = collections.Counter(key(p) for p in preds)
    tp = sum(min(v, pc[k]) for k, v in gc.items())
    return tp


def muc(key, resp):
    """key/resp: dict cluster_id -> set(mention)."""
    def part(a, b):
        m2b = {}
        for cid, ms in b.items():
            for m in ms:
                m2b[m] = cid
        num = den = 0
        for ms in a.values():
            parts = set()
            singles = 0
            for m in ms:
                if m in m2b:
                    parts.add(m2b[m])
                else:
                    singles += 1
            num += len(ms) - (len(parts) + singles)
            den += len(ms) - 1
        return num, den
    rn, rd = part(key, resp)
    pn, pd = part(resp, key)
    r = rn / rd if rd else 0.0
    p = pn / pd if pd else 0.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}


def bcubed(key, resp):
    k_of = {m: cid for cid, ms in key.items() for m in ms}
    r_of = {m: cid for cid, ms in resp.items() for m in ms}
    ms = list(k_of)
    p = r = 0.0
    for m in ms:
        inter = len(key[k_of[m]] & resp[r_of[m]])
        p += inter / len(resp[r_of[m]])
        r += inter / len(key[k_of[m]])
    n = len(ms)
    p, r = p / n if n else 0.0, r / n if n else 0.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}


def hungarian_max(weights):
    """Exact max-weight assignment for a rectangular matrix (rows <= cols
    handled by transposing).  O(n^2 m) Kuhn-Munkres with potentials."""
    n = len(weights)
    if n == 0:
        return 0.0
    m = len(weights[0])
    if m == 0:
        return 0.0
    if n > m:
        weights = [list(col) for col in zip(*weights)]
        n, m = m, n
    big = max(max(row) for row in weights)
    cost = [[big - w for w in row] for row in weights]
    INF = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [INF] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = INF
            j1 = 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    total = 0.0
    for j in range(1, m + 1):
        if p[j]:
            total += weights[p[j] - 1][j - 1]
    return total


def ceaf_e(key, resp):
    """CEAF-e with phi4, aligned per connected component (exact)."""
    kl, rl = list(key), list(resp)
    m2r = {}
    for ri, cid in enumerate(rl):
        for m in resp[cid]:
            m2r[m] = ri
    # components of the bipartite key/resp overlap graph
    adj_k = {ki: set(m2r[m] for m in key[cid] if m in m2r) for ki, cid in enumerate(kl)}
    adj_r = collections.defaultdict(set)
    for ki, rs in adj_k.items():
        for ri in rs:
            adj_r[ri].add(ki)
    seen_k = set()
    total = 0.0
    for ks in range(len(kl)):
        if ks in seen_k or not adj_k[ks]:
            continue
        comp_k, comp_r, stack = set(), set(), [("k", ks)]
        while stack:
            side, x = stack.pop()
            if side == "k":
                if x in comp_k:
                    continue
                comp_k.add(x)
                stack.extend(("r", r) for r in adj_k[x])
            else:
                if x in comp_r:
                    continue
                comp_r.add(x)
                stack.extend(("k", k) for k in adj_r[x])
        seen_k |= comp_k
        ck, cr = sorted(comp_k), sorted(comp_r)
        w = [[2.0 * len(key[kl[a]] & resp[rl[b]]) / (len(key[kl[a]]) + len(resp[rl[b]]))
              for b in cr] for a in ck]
        total += hungarian_max(w)
    p = total / len(rl) if rl else 0.0
    r = total / len(kl) if kl else 0.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}


def coref_scores(key, resp):
    out = {"MUC": muc(key, resp), "B3": bcubed(key, resp), "CEAFe": ceaf_e(key, resp)}
    out["CoNLL_F1"] = (out["MUC"]["F1"] + out["B3"]["F1"] + out["CEAFe"]["F1"]) / 3
    return out


# ------------------------------------------------------------------- main
def norm_surface(s):
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^(the|The|THE) ", "", s)
    s = re.sub(r"('s|’s|')$", "", s).strip()
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.environ.get("MEANTIME_DATA", os.path.join(HERE, "meantime")))
    ap.add_argument("--bin", default=os.environ.get(
        "BRIEFING_BIN", os.path.join(HERE, "..", "..", "target", "release", "briefing")))
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "briefing-meantime"))
    ap.add_argument("--keep", action="store_true", help="keep the written texts and indexes")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--top", type=int, default=15, help="rows per --verbose list")
    ap.add_argument("--json-out")
    args = ap.parse_args()
    t_start = time.time()

    docs = load_conll(os.path.join(args.data, "meantime.conll"))
    mentions = load_mentions(os.path.join(args.data, "entities_mentions.json"))
    lower_vocab = build_lower_vocab(docs)

    annotated = set(m["topic/subtopic_name"] for m in mentions)
    left_out_docs = [d for d in docs if d not in annotated]
    kept_docs = [d for d in docs if d in annotated]

    # ---- texts
    os.makedirs(args.workdir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="run-", dir=args.workdir)
    texts, tokpos, sentpos, fname = {}, {}, {}, {}
    for d in kept_docs:
        topic = d.split("/")[0].replace("corpus_", "")
        sub = d.split("/")[1]
        text, tp, sp = render_doc(docs[d])
        texts[d], tokpos[d], sentpos[d] = text, tp, sp
        folder = os.path.join(work, topic)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, sub + ".txt"), "w", encoding="utf-8") as fh:
            fh.write(text)
        fname[(topic, sub + ".txt")] = d

    # ---- gold
    type_counts = collections.Counter()
    other_left_out = collections.Counter()
    bad_tokens = 0
    claims = {}  # (doc, span) -> (mention_len, kind, instance, desc, sent)
    conflicts = 0
    conflict_list = []
    unattributed_spans = collections.defaultdict(list)  # doc -> spans
    gold_mention_spans = collections.defaultdict(list)  # doc -> spans (any type)
    instance_desc = {}
    demonym_spans = set()

    def run_span(d, s, r):
        a, b = tokpos[d][(s, r[0])][0], tokpos[d][(s, r[-1])][1]
        while b > a and texts[d][b - 1] in ",;:":
            b -= 1  # tokens such as "Inc.," carry punctuation
        return a, b
    n_named_mentions_src = 0
    seen_mentions = set()
    by_sent = collections.defaultdict(list)
    for m in mentions:
        by_sent[(m["topic/subtopic_name"], m["sent_id"])].append(
            (set(int(i) for i in m["tokens_number"]), instance_of(m["coref_chain"])))
    for m in mentions:
        d = m["topic/subtopic_name"]
        s = m["sent_id"]
        idxs = sorted(set(int(i) for i in m["tokens_number"]))
        toks = docs[d][s]
        if any(i >= len(toks) for i in idxs):
            bad_tokens += 1
            continue
        if " ".join(toks[i] for i in idxs) != m["tokens_str"]:
            bad_tokens += 1
        mt = m["mention_type"]
        type_counts[mt] += 1
        span_any = (tokpos[d][(s, idxs[0])][0], tokpos[d][(s, idxs[-1])][1])
        gold_mention_spans[d].append(span_any)
        if mt not in NAMED_TYPES:
            other_left_out[mt] += 1
            continue
        inst = instance_of(m["coref_chain"])
        instance_desc[inst] = m.get("description", "")
        mkey = (d, s, tuple(idxs), inst)
        if mkey in seen_mentions:
            continue
        seen_mentions.add(mkey)
        breakers = set()
        if mt == "PER":
            for n_idxs, n_inst in by_sent[(d, s)]:
                if n_inst != inst and n_idxs < set(idxs):
                    breakers |= n_idxs
        runs, demonyms = name_runs(toks, idxs, mt, lower_vocab, breakers)
        att = attributed_runs(toks, idxs, runs, m.get("mention_head"))
        if att:
            n_named_mentions_src += 1
        for r in demonyms:
            demonym_spans.add((d, run_span(d, s, r)))
            unattributed_spans[d].append(run_span(d, s, r))
        for r in runs:
            span = run_span(d, s, r)
            if r not in att:
                unattributed_spans[d].append(span)
                continue
            claim = (len(idxs), NAMED_TYPES[mt], inst, s)
            old = claims.get((d, span))
            if old is None:
                claims[(d, span)] = claim
            elif old[2] != inst:
                conflicts += 1
                conflict_list.append("%s %r: %s vs %s" % (d, texts[d][span[0]:span[1]],
                                                          instance_desc.get(old[2], old[2]), m.get("description")))
                if claim[0] < old[0]:
                    claims[(d, span)] = claim
    golds = []
    for (d, span), (_, kind, inst, s) in sorted(claims.items()):
        topic = d.split("/")[0].replace("corpus_", "")
        golds.append({"doc": d, "topic": topic, "span": span, "kind": kind, "inst": inst,
                      "sent": s, "text": texts[d][span[0]:span[1]],
                      "norm": norm_surface(texts[d][span[0]:span[1]])})

    # ---- product
    preds_all = []
    timings = {}
    cmds = []
    unlocated = 0
    dup_spans = 0
    other_kind_mentions = collections.defaultdict(list)  # doc -> (span, kind, name)
    n_entities = collections.Counter()
    for topic in TOPICS:
        folder = os.path.join(work, topic)
        if not os.path.isdir(folder):
            continue
        out, dt, cmd = run_product(args.bin, folder, work)
        timings[topic] = dt
        cmds.append(" ".join(cmd))
        seen = set()
        for ent in out:
            kind = ent.get("kind")
            n_entities[kind] += 1
            eid = "%s|%s" % (topic, ent.get("id"))
            for mm in ent.get("mentions", []):
                fn = os.path.basename(mm.get("file", ""))
                d = fname.get((topic, fn))
                if d is None:
                    unlocated += 1
                    continue
                loc = locate(mm, texts[d])
                if loc is None:
                    unlocated += 1
                    continue
                if kind not in PRODUCT_KINDS:
                    other_kind_mentions[d].append((loc, kind, ent.get("name")))
                    continue
                if (d, loc) in seen:
                    dup_spans += 1
                    continue
                seen.add((d, loc))
                preds_all.append({"doc": d, "topic": topic, "span": loc, "kind": kind,
                                  "ent": eid, "name": ent.get("name"),
                                  "text": texts[d][loc[0]:loc[1]],
                                  "norm": norm_surface(texts[d][loc[0]:loc[1]])})

    def sent_of(d, pos):
        for s, (a, b) in sentpos[d].items():
            if a <= pos < b:
                return s
        return -1
    for p in preds_all:
        p["sent"] = sent_of(p["doc"], p["span"][0])

    # neutral product mentions: inside a gold mention span, overlapping no gold named mention
    gold_by_doc = collections.defaultdict(list)
    for g in golds:
        gold_by_doc[g["doc"]].append(g["span"])

    def is_neutral(p):
        if any(overlap(p["span"], gs) > 0 for gs in gold_by_doc[p["doc"]]):
            return False
        return any(a <= p["span"][0] and p["span"][1] <= b for a, b in gold_mention_spans[p["doc"]])
    neutral = [p for p in preds_all if is_neutral(p)]
    preds = [p for p in preds_all if not is_neutral(p)]

    # ---- detection
    results = {"detection": {}, "per_kind": {}}
    regions = collections.OrderedDict([
        ("dense", lambda x: x["sent"] in DENSE_SENTS),
        ("dense-body", lambda x: x["sent"] in DENSE_SENTS and x["sent"] != 0),
        ("all", lambda x: True),
        ("all-body", lambda x: x["sent"] != 0)])
    for rname, rf in regions.items():
        G = [g for g in golds if rf(g)]
        P = [p for p in preds if rf(p)]
        for mode in ("exact", "overlap", "string"):
            for typed in (True, False):
                if mode == "string":
                    tp = string_counts(G, P, typed)
                else:
                    tp = len(match(G, P, mode, typed))
                results["detection"]["%s/%s/%s" % (rname, mode, "typed" if typed else "untyped")] = \
                    prf(tp, len(P), tp, len(G))
        for mode in ("exact", "overlap"):
            pairs = match(G, P, mode, True)
            for kind in PRODUCT_KINDS:
                tp = sum(1 for gi, pi in pairs if G[gi]["kind"] == kind)
                results["per_kind"]["%s/%s/%s" % (rname, mode, kind)] = prf(
                    tp, sum(1 for p in P if p["kind"] == kind), tp, sum(1 for g in G if g["kind"] == kind))

    # ---- coreference on untyped overlap matches over whole docs
    pairs = match(golds, preds, "overlap", False)
    key, resp, base_str, base_single = {}, {}, {}, {}
    for gi, pi in pairs:
        g, p = golds[gi], preds[pi]
        mid = gi
        key.setdefault((g["topic"], g["inst"]), set()).add(mid)
        resp.setdefault(p["ent"], set()).add(mid)
        base_str.setdefault((g["topic"], p["norm"]), set()).add(mid)
        base_single[mid] = {mid}
    results["coref"] = {
        "mentions": len(pairs),
        "key_clusters": len(key),
        "response_clusters": len(resp),
        "product": coref_scores(key, resp),
        "baseline_same_string": coref_scores(key, base_str),
        "baseline_singletons": coref_scores(key, base_single),
    }
    inst_of_mid = {gi: golds[gi]["inst"] for gi, _ in pairs}
    wrong_merges = {cid: collections.Counter(inst_of_mid[m] for m in ms)
                    for cid, ms in resp.items() if len(set(inst_of_mid[m] for m in ms)) > 1}
    ent_of_mid = {gi: preds[pi]["ent"] for gi, pi in pairs}
    splits = {k: collections.Counter(ent_of_mid[m] for m in ms)
              for k, ms in key.items() if len(set(ent_of_mid[m] for m in ms)) > 1}
    results["coref"]["wrong_merge_entities"] = len(wrong_merges)
    results["coref"]["split_instances"] = len(splits)
    results["coref"]["key_instances_multi_mention"] = sum(1 for v in key.values() if len(v) > 1)
    inst_topics = collections.defaultdict(set)
    for g in golds:
        inst_topics[g["inst"]].add(g["topic"])
    results["coref"]["instances_spanning_topics"] = sum(1 for v in inst_topics.values() if len(v) > 1)

    results["counts"] = {
        "docs_total": len(docs), "docs_scored": len(kept_docs),
        "docs_left_out_no_entities": left_out_docs,
        "gold_mentions_by_type": dict(type_counts),
        "gold_mentions_left_out_PRO_FIN_MIX": dict(other_left_out),
        "gold_mentions_token_mismatch": bad_tokens,
        "gold_PER_ORG_LOC_mentions_with_a_name": n_named_mentions_src,
        "gold_named_mentions": len(golds),
        "gold_named_mentions_dense": sum(1 for g in golds if g["sent"] in DENSE_SENTS),
        "gold_named_mentions_in_titles": sum(1 for g in golds if g["sent"] == 0),
        "product_mentions_in_titles": sum(1 for p in preds_all if p["sent"] == 0),
        "gold_named_by_kind": dict(collections.Counter(g["kind"] for g in golds)),
        "gold_span_conflicts": conflicts,
        "gold_demonym_runs_left_out": len(demonym_spans),
        "gold_instances": len(set(g["inst"] for g in golds)),
        "product_entities_by_kind": dict(n_entities),
        "product_mentions_scored": len(preds),
        "product_mentions_neutral": len(neutral),
        "product_mentions_dense": sum(1 for p in preds if p["sent"] in DENSE_SENTS),
        "product_mentions_unlocated": unlocated,
        "product_duplicate_spans": dup_spans,
    }
    results["timing_s"] = {"product_per_topic": timings,
                           "product_total": sum(timings.values()),
                           "script_total": time.time() - t_start}
    results["commands"] = cmds
    results["gold_span_conflicts"] = conflict_list

    report(results)
    if args.verbose:
        print("\n--- gold span conflicts (same name span claimed by two instances; shortest mention wins)")
        for x in conflict_list:
            print("  " + x)
        verbose(args.top, golds, preds, neutral, other_kind_mentions, wrong_merges, splits,
                instance_desc, key, resp, pairs, texts)
    if args.json_out:
        with open(args.json_out, "w") as fh:
            json.dump(results, fh, indent=1, sort_keys=True)
    if args.keep:
        print("\nkept texts and indexes in", work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("\nrun time: %.1f s (product %.1f s)" % (time.time() - t_start, sum(timings.values())))


def fmt(r):
    return "P %5.1f  R %5.1f  F1 %5.1f" % (100 * r["P"], 100 * r["R"], 100 * r["F1"])


def report(res):
    c = res["counts"]
    print("MEANTIME (English, derived copy) vs briefing entities")
    print("docs scored %d of %d (left out, no entity annotation: %d)" % (
        c["docs_scored"], c["docs_total"], len(c["docs_left_out_no_entities"])))
    print("gold mentions by type: %s; left out PRO/FIN/MIX: %s" % (
        c["gold_mentions_by_type"], c["gold_mentions_left_out_PRO_FIN_MIX"]))
    print("gold named mentions: %d (dense region %d, in titles %d) by kind %s; instances %d; span conflicts %d; "
          "token-string mismatches in source %d" % (
              c["gold_named_mentions"], c["gold_named_mentions_dense"], c["gold_named_mentions_in_titles"],
              c["gold_named_by_kind"],
              c["gold_instances"], c["gold_span_conflicts"], c["gold_mentions_token_mismatch"]))
    print("demonym/adjective runs left out of gold (their spans are neutral): %d" % c["gold_demonym_runs_left_out"])
    print("product entities by kind: %s" % c["product_entities_by_kind"])
    print("product person/org/place mentions scored: %d (dense %d); in titles %d; neutral %d; unlocated %d; "
          "duplicate spans %d" % (c["product_mentions_scored"], c["product_mentions_dense"],
                                  c["product_mentions_in_titles"],
                                  c["product_mentions_neutral"], c["product_mentions_unlocated"],
                                  c["product_duplicate_spans"]))
    print("\n(a) named-mention detection (micro, pooled)")
    print("  %-10s %-8s %-8s %s" % ("region", "match", "kind", ""))
    for k, v in res["detection"].items():
        r, m, t = k.split("/")
        print("  %-10s %-8s %-8s %s   (tp %d, pred %d, gold %d)" % (r, m, t, fmt(v), v["tp"], v["n_pred"], v["n_gold"]))
    print("  per kind (typed):")
    for k, v in res["per_kind"].items():
        r, m, kind = k.split("/")
        print("  %-10s %-8s %-13s %s   (tp %d, pred %d, gold %d)" % (r, m, kind, fmt(v), v["tp"], v["n_pred"], v["n_gold"]))
    co = res["coref"]
    print("\n(b) cross-document coreference on %d matched mentions (untyped overlap, whole docs): "
          "%d gold (topic,instance) clusters, %d product entities" % (
              co["mentions"], co["key_clusters"], co["response_clusters"]))
    for name in ("product", "baseline_same_string", "baseline_singletons"):
        s = co[name]
        print("  %-22s MUC %s | B3 %s | CEAF-e %s | CoNLL F1 %.1f" % (
            name, fmt(s["MUC"]), fmt(s["B3"]), fmt(s["CEAFe"]), 100 * s["CoNLL_F1"]))
    print("  product entities merging >=2 gold instances: %d;  gold instances split over >=2 product "
          "entities: %d (of %d instances with >=2 matched mentions); instances spanning topics: %d" % (
              co["wrong_merge_entities"], co["split_instances"], co["key_instances_multi_mention"],
              co["instances_spanning_topics"]))


def verbose(top, golds, preds, neutral, other_kind, wrong_merges, splits, desc, key, resp, pairs, texts):
    def ctx(d, span, w=40):
        t = texts[d]
        return (t[max(0, span[0] - w):span[0]] + "[" + t[span[0]:span[1]] + "]" +
                t[span[1]:span[1] + w]).replace("\n", " ")
    ov = match(golds, preds, "overlap", False)
    matched_g = {gi for gi, _ in ov}
    matched_p = {pi for _, pi in ov}
    for where, keep in (("in titles", lambda g: g["sent"] == 0), ("in bodies", lambda g: g["sent"] != 0)):
        print("\n--- biggest misses %s (gold named mentions with no overlapping person/org/place "
              "mention): %d" % (where, sum(1 for gi, g in enumerate(golds) if gi not in matched_g and keep(g))))
        miss = collections.defaultdict(list)
        for gi, g in enumerate(golds):
            if gi not in matched_g and keep(g):
                miss[(g["norm"], g["kind"])].append(g)
        for (n, k), gs in sorted(miss.items(), key=lambda x: -len(x[1]))[:top]:
            g = gs[0]
            alt = [kind + ":" + str(name) for (sp, kind, name) in other_kind.get(g["doc"], [])
                   if overlap(sp, g["span"]) > 0]
            print("  %3d x %-30s %-12s %s | e.g. %s %s" % (len(gs), n, k, desc.get(g["inst"], "")[:30],
                                                          ctx(g["doc"], g["span"]), ("found as " + ",".join(alt)) if alt else ""))
    gold_names = set(g["norm"] for g in golds)
    print("\n--- false positives in the dense region (unmatched, not neutral); "
          "'*' = the string is a gold name elsewhere (annotation gap or product error)")
    fp = collections.defaultdict(list)
    for pi, p in enumerate(preds):
        if pi not in matched_p and p["sent"] in DENSE_SENTS:
            fp[(p["norm"], p["kind"])].append(p)
    for (n, k), ps in sorted(fp.items(), key=lambda x: -len(x[1]))[:top]:
        print("  %3d x %-30s %-12s %s e.g. %s" % (len(ps), n, k, "*" if n in gold_names else " ",
                                                 ctx(ps[0]["doc"], ps[0]["span"])))
    print("\n--- wrong kinds (overlap matches, product kind != gold kind)")
    wk = collections.defaultdict(list)
    for gi, pi in ov:
        if golds[gi]["kind"] != preds[pi]["kind"]:
            wk[(golds[gi]["norm"], golds[gi]["kind"], preds[pi]["kind"])].append(gi)
    for (n, gk, pk), gis in sorted(wk.items(), key=lambda x: -len(x[1]))[:top]:
        print("  %3d x %-30s gold %-12s product %-12s e.g. %s" % (len(gis), n, gk, pk,
                                                                 ctx(golds[gis[0]]["doc"], golds[gis[0]]["span"])))
    print("\n--- boundary errors (overlap but not exact span)")
    be = collections.Counter()
    for gi, pi in ov:
        if golds[gi]["span"] != preds[pi]["span"]:
            be[(golds[gi]["text"], preds[pi]["text"])] += 1
    for (gt, pt), n in be.most_common(top):
        print("  %3d x gold %-35r product %r" % (n, gt, pt))
    print("\n--- wrong merges (product entity -> gold instances among its matched mentions)")
    for cid, cnt in sorted(wrong_merges.items(), key=lambda x: -sum(x[1].values()))[:top]:
        parts = ", ".join("%s %r x%d" % (i, desc.get(i, "")[:30], n) for i, n in cnt.most_common())
        print("  %-40s %s" % (cid, parts))
    print("\n--- split instances (gold topic/instance -> product entities)")
    for k, cnt in sorted(splits.items(), key=lambda x: -sum(x[1].values()))[:top]:
        parts = ", ".join("%s x%d" % (e, n) for e, n in cnt.most_common())
        print("  %-8s %-32s %s" % (k[0], desc.get(k[1], k[1])[:32], parts))


if __name__ == "__main__":
    main()
