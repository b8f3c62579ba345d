#!/usr/bin/env python3
"""Check the hand-made NewsWCL50 entity gold files (newswcl50_eventXX_entities.toml).

For every event file it verifies that
  * each entity has kind (person | organization | place), name, spellings and files,
    and files name real outlets of the event;
  * every spelling occurs verbatim (case-sensitive, as a whole token sequence, i.e. not
    inside a longer word) in at least one of the entity's listed files;
  * every listed file contains at least one of the entity's spellings;
  * no spelling is listed under two entities of one event unless it is in `ambiguous`
    of both.
The outlet-name first line of each article is ignored.

With --report it also prints, as warnings (not errors), outlets that contain a spelling
as a whole word but are not listed for the entity, for manual review.

Usage: python3 tests/gold/check_entities.py [--report] [gold files ...]
Exit status 1 if any error is found.
"""
import glob
import os
import re
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpora", "newswcl50"))
if not os.path.isdir(CORPUS):
    CORPUS = "/work/shared/corpora/newswcl50"
OUTLETS = ["breitbart", "fox-news", "huffpost", "new-york-times", "usa-today"]
KINDS = {"person", "organization", "place"}


def body(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    return text.split("\n", 1)[1] if "\n" in text else ""


def occurs(spelling, text):
    return re.search(r"(?<!\w)" + re.escape(spelling) + r"(?!\w)", text) is not None


def check(path, report):
    errors, warnings = [], []
    m = re.search(r"event(\d\d)", os.path.basename(path))
    if not m:
        return [f"{path}: cannot tell the event from the file name"], []
    event_dir = os.path.join(CORPUS, f"event-{m.group(1)}")
    texts = {o: body(os.path.join(event_dir, o + ".txt")) for o in OUTLETS}
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    entities = data.get("entity", [])
    owners = {}
    for i, ent in enumerate(entities):
        label = f"{os.path.basename(path)} entity #{i + 1} ({ent.get('name', '?')})"
        for key in ("kind", "name", "spellings", "files"):
            if key not in ent:
                errors.append(f"{label}: missing {key}")
        if ent.get("kind") not in KINDS:
            errors.append(f"{label}: bad kind {ent.get('kind')!r}")
        spellings = ent.get("spellings", [])
        files = ent.get("files", [])
        ambiguous = set(ent.get("ambiguous", []))
        if len(set(spellings)) != len(spellings):
            errors.append(f"{label}: duplicate spelling in list")
        if len(set(files)) != len(files):
            errors.append(f"{label}: duplicate file in list")
        for a in ambiguous:
            if a not in spellings:
                errors.append(f"{label}: ambiguous {a!r} is not one of its spellings")
        for f in files:
            if f not in OUTLETS:
                errors.append(f"{label}: unknown outlet {f!r}")
        files = [f for f in files if f in OUTLETS]
        for s in spellings:
            if s != s.strip() or s.lower().startswith("the ") or s.endswith("'s") or s.endswith("’s"):
                errors.append(f"{label}: spelling {s!r} has a leading 'the', a possessive or stray spaces")
            if not any(occurs(s, texts[f]) for f in files):
                errors.append(f"{label}: spelling {s!r} occurs in none of {files}")
            owners.setdefault(s, []).append((label, s in ambiguous))
            if report:
                extra = [o for o in OUTLETS if o not in files and occurs(s, texts[o])]
                if extra:
                    warnings.append(f"{label}: {s!r} also occurs in unlisted {extra}")
        for f in files:
            if not any(occurs(s, texts[f]) for s in spellings):
                errors.append(f"{label}: listed file {f!r} contains none of its spellings")
    for s, owned in owners.items():
        if len(owned) > 1 and not all(amb for _, amb in owned):
            errors.append(f"{os.path.basename(path)}: spelling {s!r} under several entities "
                          f"without `ambiguous` on all: {[l for l, _ in owned]}")
    return errors, warnings


def main(argv):
    report = "--report" in argv
    paths = [a for a in argv if not a.startswith("--")] or sorted(
        glob.glob(os.path.join(HERE, "newswcl50_event*_entities.toml")))
    all_errors = 0
    for path in paths:
        errors, warnings = check(path, report)
        for w in warnings:
            print("warning:", w)
        for e in errors:
            print("ERROR:", e)
        with open(path, "rb") as fh:
            ents = tomllib.load(fh).get("entity", [])
        kinds = {k: sum(1 for e in ents if e.get("kind") == k) for k in sorted(KINDS)}
        nsp = sum(len(e.get("spellings", [])) for e in ents)
        multi = sum(1 for e in ents if len(e.get("spellings", [])) >= 2)
        print(f"{os.path.basename(path)}: {len(ents)} entities {kinds}, {nsp} spellings, "
              f"{multi} with >=2 spellings, {len(errors)} errors")
        all_errors += len(errors)
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
