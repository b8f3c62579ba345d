#!/usr/bin/env python3
"""Check the hand-made NewsWCL50 gold drafts: every text/context/source piece must occur verbatim
in its article (text pieces and contexts uniquely), and facts/attribution must be consistent."""
import tomllib, sys, pathlib
HERE_ = pathlib.Path(__file__).resolve().parent
CORPUS = HERE_.parent.parent.parent / "shared/corpora/newswcl50"
HERE = pathlib.Path(__file__).resolve().parent
errors = []

def art(event, stem):
    return (CORPUS / f"event-{event}" / f"{stem}.txt").read_text()

def need(cond, msg):
    if not cond:
        errors.append(msg)

for ev in (sys.argv[1:] or ["01", "07"]):
    facts = tomllib.loads((HERE / f"newswcl50_event{ev}_facts.toml").read_text())
    attr = tomllib.loads((HERE / f"newswcl50_event{ev}_attribution.toml").read_text())
    loaded = tomllib.loads((HERE / f"newswcl50_event{ev}_loaded.toml").read_text())
    fact_sents = set()
    for f in facts["fact"]:
        stems = set()
        for stem, piece in f["sentences"]:
            a = art(ev, stem)
            n = a.count(piece)
            need(n == 1, f"[{ev} facts] {stem}: piece occurs {n}x: {piece!r}")
            need("\n" not in piece, f"[{ev} facts] newline in piece {piece!r}")
            stems.add(stem)
            fact_sents.add((stem, piece))
        need(len(stems) >= 2, f"[{ev} facts] fewer than 2 outlets: {f['label']}")
    attr_sents = []
    for s in attr["sentence"]:
        a = art(ev, s["file"])
        need(a.count(s["text"]) == 1, f"[{ev} attr] {s['file']}: text not unique/absent: {s['text']!r}")
        attr_sents.append((s["file"], s["text"]))
        for src in s["sources"]:
            need(src["position"] in ("before", "after", "inside"), f"[{ev} attr] bad position {src}")
            need(isinstance(src["named"], bool), f"[{ev} attr] bad named {src}")
            need(src["source"] in a, f"[{ev} attr] {s['file']}: source span absent: {src['source']!r}")
    need(len(attr_sents) == len(set(attr_sents)), f"[{ev} attr] duplicate sentence entries")
    need(set(attr_sents) == fact_sents, f"[{ev} attr] mismatch with facts: missing={fact_sents - set(attr_sents)} extra={set(attr_sents) - fact_sents}")
    for sp in loaded["span"]:
        a = art(ev, sp["file"])
        need(a.count(sp["context"]) == 1, f"[{ev} loaded] {sp['file']}: context occurs {a.count(sp['context'])}x: {sp['context']!r}")
        need(sp["text"] in sp["context"], f"[{ev} loaded] text not inside context: {sp['text']!r}")
        need(sp["text"] in a, f"[{ev} loaded] text absent: {sp['text']!r}")
    print(f"event-{ev}: {len(facts['fact'])} facts, {len(fact_sents)} distinct sentences, "
          f"{len(attr_sents)} attribution entries, {len(loaded['span'])} loaded spans")

if errors:
    print("\n".join(errors))
    sys.exit(1)
print("OK")
