#!/usr/bin/env python3
"""Outlets named right, on real text. Two checks, each from a source that did not see our output:

1. Pages of the public article-extraction benchmark (scrapinghub/article-extraction-benchmark,
   181 saved pages; its ground-truth.json gives each page's URL):
       briefing articles AEB_HTML_DIR --json > aeb.json
       check_outlets.py aeb GROUND_TRUTH_JSON aeb.json
   Counts pages with an outlet, outlets that are not a name (a URL, a bare lower-case word, a
   section such as "U.S."), and prints domain -> outlet for a look by hand.
2. The Article-Bias-Prediction collection as text (../shared/tools/abp_to_text.py), whose first
   line is the aggregator's outlet label:
       briefing articles ABP_DIR --json > abp.json
       check_outlets.py abp ABP_DIR abp.json
   Counts articles with an outlet, and labels read as more than one outlet.
"""
import collections, json, pathlib, sys, urllib.parse

SECTIONS = {"u.s.", "us", "world", "politics", "business", "news", "opinion", "home"}

def not_a_name(o):
    l = o.lower()
    return ("://" in l or l.startswith("www.") or (len(o) <= 3 and o == l) or l in SECTIONS)

def aeb(gt_path, ours_path):
    gt = json.load(open(gt_path))
    rows = json.load(open(ours_path))
    by_id = {pathlib.Path(r["file"]).name.split(".")[0]: r for r in rows}
    named = bad = 0
    pairs = []
    for h, g in gt.items():
        r = by_id.get(h)
        o = r and r.get("outlet")
        host = urllib.parse.urlparse(g["url"]).netloc
        if o:
            named += 1
            bad += not_a_name(o)
        pairs.append((host, o))
    n = len(gt)
    print(f"pages {n}: with an outlet {named} ({named / n:.3f}); not a name {bad}")
    for host, o in sorted(pairs, key=lambda p: p[0]):
        print(f"  {host:40} {o}")

def abp(root, ours_path):
    rows = json.load(open(ours_path))
    root = pathlib.Path(root)
    labels = collections.defaultdict(collections.Counter)
    named = 0
    for r in rows:
        p = pathlib.Path(r["file"])
        p = p if p.is_absolute() else root / p
        try:
            label = p.read_text(errors="replace").split("\n", 1)[0].strip()
        except OSError:
            continue
        o = r.get("outlet")
        named += bool(o)
        labels[label][o] += 1
    n = len(rows)
    split = {l: c for l, c in labels.items() if len(c) > 1}
    print(f"articles {n}: with an outlet {named} ({named / n:.3f}); labels read as more than one outlet: {len(split)}")
    none = sorted(((sum(c.values()), l) for l, c in labels.items() if None in c), reverse=True)
    print("labels with no outlet, by articles:", none[:25])
    for l, c in sorted(split.items(), key=lambda x: -sum(x[1].values()))[:15]:
        print(f"  {l!r}: {dict(c.most_common(4))}")

if __name__ == "__main__":
    {"aeb": aeb, "abp": abp}[sys.argv[1]](*sys.argv[2:])
