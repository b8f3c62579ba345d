//! A deterministic generator of plain-text news articles shaped like real page copies, for the
//! benchmarks. Articles come in stories (5–8 articles each); every story has its own people,
//! places, organisations, dates and numbers, told by several outlets that each spell the
//! people's names their own way (al-Shibani / al-Shaibani, Salama / Salameh, Pak Jong Su /
//! Pak Jong-su). Pages carry the debris real copies do: navigation words, section labels, the
//! outlet's name line or a dateline credit, a repeated headline, bylines, photo captions and
//! newsletter footers.
//!
//! Everything derives from one seed through a self-written PRNG (splitmix64), so a corpus is
//! byte-identical across runs and machines, and any article can be generated on its own.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Bump when the generated text changes: corpora on disk with an older marker are rewritten.
pub const GENERATOR_VERSION: u32 = 1;

/// Articles per sub-folder: `dir/s0000/a000123.txt`.
pub const PER_FOLDER: usize = 1000;

/// The display path (relative to the corpus root) of article `i`.
pub fn relative_path(i: usize) -> PathBuf {
    PathBuf::from(format!("s{:04}", i / PER_FOLDER)).join(format!("a{i:06}.txt"))
}

/// Write `articles` articles into `dir` (created if needed), in sub-folders of [`PER_FOLDER`].
/// Uses every core; the bytes depend only on `seed` and the article numbers.
pub fn write_corpus(dir: &Path, articles: usize, seed: u64) -> std::io::Result<()> {
    let folders = articles.div_ceil(PER_FOLDER);
    for f in 0..folders {
        std::fs::create_dir_all(dir.join(format!("s{f:04}")))?;
    }
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(folders.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let next = &next;
                scope.spawn(move || -> std::io::Result<()> {
                    let mut buf = String::with_capacity(16 * 1024);
                    let mut path = PathBuf::new();
                    loop {
                        let f = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if f >= folders {
                            return Ok(());
                        }
                        let end = ((f + 1) * PER_FOLDER).min(articles);
                        for i in f * PER_FOLDER..end {
                            buf.clear();
                            write_article(&mut buf, i, seed);
                            path.clear();
                            path.push(dir);
                            path.push(relative_path(i));
                            let mut out = std::io::BufWriter::with_capacity(
                                buf.len().max(1),
                                std::fs::File::create(&path)?,
                            );
                            out.write_all(buf.as_bytes())?;
                            out.flush()?;
                        }
                    }
                })
            })
            .collect();
        for w in workers {
            match w.join() {
                Ok(r) => r?,
                Err(_) => return Err(std::io::Error::other("a corpus writer thread panicked")),
            }
        }
        Ok(())
    })
}

/// The text of article `i` of the corpus for `seed`.
pub fn article_text(i: usize, seed: u64) -> String {
    let mut s = String::with_capacity(4096);
    write_article(&mut s, i, seed);
    s
}

/// About fifty realistic queries that match articles present in every corpus of at least a
/// thousand articles: people's names in several spellings, places, two-word phrases in quotes,
/// and `outlet:` field queries.
pub fn queries(seed: u64) -> Vec<String> {
    let mut q: Vec<String> = vec![
        "Shibani".into(),
        "al-Shaibani".into(),
        "Salameh".into(),
        "Gaddafi".into(),
        "Qaddafi".into(),
        "Ahmad".into(),
        "\"buffer zone\"".into(),
        "\"security agreement\"".into(),
        "\"death toll\"".into(),
        "\"interest rates\"".into(),
        "\"riot police\"".into(),
        "\"evacuation orders\"".into(),
        "\"prisoner exchange\"".into(),
        "\"electoral commission\"".into(),
        "\"joint statement\"".into(),
        "\"asylum seekers\"".into(),
        "ceasefire talks".into(),
        "drone attack".into(),
        "Paris talks".into(),
        "Damascus".into(),
        "Geneva".into(),
        "outlet:reuters ceasefire".into(),
        "outlet:\"al jazeera\" talks".into(),
        "outlet:bbc".into(),
        "outlet:\"associated press\" \"death toll\"".into(),
        "title:election".into(),
        "minister warned".into(),
        "humanitarian aid convoy".into(),
        "\"state of emergency\"".into(),
        "tariffs exports".into(),
    ];
    // Names as outlets of the first stories spell them, and their places: present in every
    // corpus (article i never depends on the corpus size).
    let mut j = 0;
    while q.len() < 50 {
        let i = 3 + j * 47;
        let (story_no, pos) = story_of(i, seed);
        let outlet = outlet_of(story_no, pos, seed);
        let s = Story::new(story_no, seed);
        let p = &s.people[j % s.people.len()];
        match j % 4 {
            0 => q.push(p.family(outlet).to_string()),
            1 => q.push(format!("\"{} {}\"", p.given(outlet), p.family(outlet))),
            2 => q.push(format!(
                "{} {}",
                short_name(p.family(outlet), outlet),
                s.cities[0].0
            )),
            _ => q.push(format!("\"{}\"", s.topic().phrases[j % 5])),
        }
        j += 1;
        dedup(&mut q);
    }
    q
}

// ---------------------------------------------------------------------------------------------
// The PRNG.

/// splitmix64: tiny, fast, and good enough for text.
#[derive(Clone)]
struct Rng(u64);

fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64, stream: u64, n: u64) -> Rng {
        Rng(mix(mix(seed, stream), n))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// A Zipf-like rank in `0..n`: a uniformly chosen power-of-two band, then uniform in it.
    fn zipf(&mut self, n: usize) -> usize {
        let bands = usize::BITS - n.leading_zeros();
        let band = self.below(bands as usize);
        let lo = (1usize << band) - 1;
        let hi = ((1usize << (band + 1)) - 1).min(n);
        lo + self.below((hi - lo).max(1))
    }
}

const STREAM_LAYOUT: u64 = 1;
const STREAM_STORY: u64 = 2;
const STREAM_ARTICLE: u64 = 3;
const STREAM_PERSON: u64 = 4;

// ---------------------------------------------------------------------------------------------
// Word lists.

/// Outlets as pages write them on their first line, with the agency credit used in datelines.
const OUTLETS: &[(&str, &str)] = &[
    ("Associated Press", "AP"),
    ("Reuters", "Reuters"),
    ("AFP", "AFP"),
    ("Al Jazeera", "AP"),
    ("BBC News", "Reuters"),
    ("The Guardian", "AP"),
    ("The New York Times", "AP"),
    ("The Washington Post", "AP"),
    ("CNN", "Reuters"),
    ("Bloomberg", "Bloomberg"),
    ("Arab News", "AFP"),
    ("The National", "Reuters"),
    ("Middle East Eye", "AFP"),
    ("Haaretz", "AP"),
    ("The Times of Israel", "AFP"),
    ("The Jerusalem Post", "Reuters"),
    ("Al-Monitor", "AP"),
    ("Axios", "AP"),
    ("Politico", "Reuters"),
    ("The Hill", "AP"),
    ("Fox News", "AP"),
    ("NBC News", "AP"),
    ("CBS News", "Reuters"),
    ("ABC News", "AP"),
    ("NPR", "AP"),
    ("PBS NewsHour", "AP"),
    ("Financial Times", "Reuters"),
    ("The Economist", "Reuters"),
    ("The Independent", "AFP"),
    ("The Telegraph", "AFP"),
    ("Daily Mail", "AP"),
    ("Sky News", "Reuters"),
    ("Newsweek", "AP"),
    ("Yahoo News", "AP"),
    ("Anadolu Agency", "AA"),
    ("Xinhua", "Xinhua"),
    ("Yonhap", "Yonhap"),
    ("Kyodo News", "Kyodo"),
    ("Deutsche Presse-Agentur", "dpa"),
    ("Los Angeles Times", "AP"),
];

struct Topic {
    nouns: &'static [&'static str],
    phrases: &'static [&'static str],
    verbs: &'static [&'static str],
    headline_verbs: &'static [&'static str],
    roles: &'static [&'static str],
}

const TOPICS: &[Topic] = &[
    Topic {
        nouns: &["talks", "negotiations", "delegation", "mediation", "round"],
        phrases: &[
            "security agreement",
            "buffer zone",
            "ceasefire talks",
            "prisoner exchange",
            "disengagement agreement",
            "confidence-building measures",
        ],
        verbs: &["resume", "conclude", "stall", "advance", "collapse"],
        headline_verbs: &[
            "resume talks",
            "hold 'positive' talks",
            "agree to meet again",
        ],
        roles: &[
            "foreign minister",
            "intelligence chief",
            "chief negotiator",
            "special envoy",
        ],
    },
    Topic {
        nouns: &["election", "vote", "ballot", "campaign", "turnout"],
        phrases: &[
            "electoral commission",
            "polling stations",
            "opposition candidate",
            "runoff vote",
            "vote count",
        ],
        verbs: &["contest", "delay", "certify", "dispute", "win"],
        headline_verbs: &["claims victory", "calls for recount", "concedes defeat"],
        roles: &[
            "opposition leader",
            "election commissioner",
            "prime minister",
            "party spokesman",
        ],
    },
    Topic {
        nouns: &["earthquake", "quake", "rescue", "survivors", "rubble"],
        phrases: &[
            "death toll",
            "rescue teams",
            "relief supplies",
            "field hospitals",
            "state of emergency",
        ],
        verbs: &["rise", "search", "reach", "collapse", "shelter"],
        headline_verbs: &["death toll rises", "rescuers race to reach survivors"],
        roles: &[
            "civil defence chief",
            "health minister",
            "provincial governor",
            "aid coordinator",
        ],
    },
    Topic {
        nouns: &["tariffs", "exports", "trade", "markets", "inflation"],
        phrases: &[
            "interest rates",
            "trade deal",
            "export controls",
            "central bank",
            "currency reserves",
        ],
        verbs: &["raise", "cut", "impose", "lift", "negotiate"],
        headline_verbs: &[
            "raises interest rates",
            "imposes new tariffs",
            "signs trade deal",
        ],
        roles: &[
            "finance minister",
            "central bank governor",
            "trade negotiator",
            "economy minister",
        ],
    },
    Topic {
        nouns: &["protests", "demonstrators", "crackdown", "unrest", "curfew"],
        phrases: &[
            "riot police",
            "tear gas",
            "state of emergency",
            "human rights",
            "mass arrests",
        ],
        verbs: &["disperse", "march", "detain", "protest", "gather"],
        headline_verbs: &[
            "police disperse protesters",
            "declares curfew",
            "protests spread",
        ],
        roles: &[
            "interior minister",
            "protest organiser",
            "police chief",
            "rights activist",
        ],
    },
    Topic {
        nouns: &["court", "ruling", "judges", "appeal", "verdict"],
        phrases: &[
            "supreme court",
            "appeals court",
            "corruption charges",
            "arrest warrant",
            "war crimes",
        ],
        verbs: &["rule", "overturn", "uphold", "indict", "acquit"],
        headline_verbs: &["court upholds ruling", "indicted on corruption charges"],
        roles: &[
            "chief prosecutor",
            "defence lawyer",
            "justice minister",
            "former president",
        ],
    },
    Topic {
        nouns: &["storm", "floods", "rainfall", "evacuation", "landslides"],
        phrases: &[
            "evacuation orders",
            "flood warnings",
            "power outages",
            "emergency shelters",
            "storm surge",
        ],
        verbs: &["flood", "evacuate", "strike", "weaken", "batter"],
        headline_verbs: &[
            "storm batters coast",
            "orders evacuations",
            "floods displace thousands",
        ],
        roles: &[
            "disaster agency head",
            "mayor",
            "weather service director",
            "regional governor",
        ],
    },
    Topic {
        nouns: &["strikes", "offensive", "troops", "front", "shelling"],
        phrases: &[
            "air strikes",
            "drone attack",
            "troop withdrawal",
            "missile launch",
            "humanitarian corridor",
        ],
        verbs: &["shell", "advance", "withdraw", "intercept", "retaliate"],
        headline_verbs: &[
            "drone attack hits",
            "troops withdraw from",
            "missile launch condemned",
        ],
        roles: &[
            "defence minister",
            "army spokesman",
            "military commander",
            "national security adviser",
        ],
    },
    Topic {
        nouns: &["summit", "leaders", "agenda", "communique", "visit"],
        phrases: &[
            "joint statement",
            "bilateral meeting",
            "state visit",
            "climate pledge",
            "security guarantees",
        ],
        verbs: &["host", "sign", "pledge", "discuss", "welcome"],
        headline_verbs: &[
            "leaders meet at summit",
            "sign joint statement",
            "pledge closer ties",
        ],
        roles: &[
            "president",
            "prime minister",
            "foreign minister",
            "summit host",
        ],
    },
    Topic {
        nouns: &["migrants", "border", "boats", "camps", "deportations"],
        phrases: &[
            "asylum seekers",
            "border crossing",
            "migrant boats",
            "humanitarian aid convoy",
            "refugee camps",
        ],
        verbs: &["cross", "deport", "rescue", "shelter", "detain"],
        headline_verbs: &[
            "migrant boat capsizes",
            "closes border crossing",
            "aid convoy reaches camp",
        ],
        roles: &[
            "migration minister",
            "coast guard commander",
            "refugee agency official",
            "border police chief",
        ],
    },
    Topic {
        nouns: &["outbreak", "cases", "vaccines", "hospitals", "infections"],
        phrases: &[
            "health ministry",
            "vaccine rollout",
            "intensive care",
            "public health emergency",
            "confirmed cases",
        ],
        verbs: &["spread", "vaccinate", "contain", "treat", "report"],
        headline_verbs: &[
            "outbreak spreads",
            "launches vaccine rollout",
            "declares health emergency",
        ],
        roles: &[
            "health minister",
            "epidemiologist",
            "hospital director",
            "WHO representative",
        ],
    },
    Topic {
        nouns: &["oil", "pipeline", "grid", "prices", "refinery"],
        phrases: &[
            "oil prices",
            "gas pipeline",
            "power grid",
            "energy subsidies",
            "production cuts",
        ],
        verbs: &["pump", "halt", "restore", "export", "cut"],
        headline_verbs: &[
            "halts pipeline flows",
            "oil prices surge",
            "agrees production cuts",
        ],
        roles: &[
            "energy minister",
            "oil company chief executive",
            "grid operator",
            "OPEC delegate",
        ],
    },
];

const COUNTRIES: &[&str] = &[
    "Syria",
    "Israel",
    "Lebanon",
    "Jordan",
    "Iraq",
    "Iran",
    "Turkey",
    "Egypt",
    "Libya",
    "Tunisia",
    "Sudan",
    "Yemen",
    "Qatar",
    "Oman",
    "Ukraine",
    "Russia",
    "Poland",
    "Georgia",
    "Armenia",
    "Serbia",
    "Kosovo",
    "France",
    "Germany",
    "Italy",
    "Spain",
    "Greece",
    "Pakistan",
    "India",
    "Bangladesh",
    "Nepal",
    "Myanmar",
    "Thailand",
    "Vietnam",
    "Indonesia",
    "Japan",
    "Korea",
    "China",
    "Taiwan",
    "Kenya",
    "Ethiopia",
    "Somalia",
    "Nigeria",
    "Niger",
    "Mali",
    "Ghana",
    "Brazil",
    "Chile",
    "Peru",
    "Mexico",
    "Colombia",
    "Venezuela",
    "Haiti",
    "Canada",
];

const CITIES: &[(&str, &str)] = &[
    ("Damascus", "DAMASCUS"),
    ("Beirut", "BEIRUT"),
    ("Jerusalem", "JERUSALEM"),
    ("Amman", "AMMAN"),
    ("Baghdad", "BAGHDAD"),
    ("Tehran", "TEHRAN"),
    ("Ankara", "ANKARA"),
    ("Istanbul", "ISTANBUL"),
    ("Cairo", "CAIRO"),
    ("Tripoli", "TRIPOLI"),
    ("Khartoum", "KHARTOUM"),
    ("Kyiv", "KYIV"),
    ("Moscow", "MOSCOW"),
    ("Warsaw", "WARSAW"),
    ("Paris", "PARIS"),
    ("Geneva", "GENEVA"),
    ("Brussels", "BRUSSELS"),
    ("London", "LONDON"),
    ("Berlin", "BERLIN"),
    ("Rome", "ROME"),
    ("Athens", "ATHENS"),
    ("Islamabad", "ISLAMABAD"),
    ("New Delhi", "NEW DELHI"),
    ("Dhaka", "DHAKA"),
    ("Bangkok", "BANGKOK"),
    ("Jakarta", "JAKARTA"),
    ("Tokyo", "TOKYO"),
    ("Seoul", "SEOUL"),
    ("Beijing", "BEIJING"),
    ("Nairobi", "NAIROBI"),
    ("Addis Ababa", "ADDIS ABABA"),
    ("Lagos", "LAGOS"),
    ("Washington", "WASHINGTON"),
    ("New York", "NEW YORK"),
    ("Brasilia", "BRASILIA"),
    ("Mexico City", "MEXICO CITY"),
    ("Bogota", "BOGOTA"),
    ("Doha", "DOHA"),
    ("Riyadh", "RIYADH"),
    ("Dubai", "DUBAI"),
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: &[(&str, &str)] = &[
    ("January", "Jan."),
    ("February", "Feb."),
    ("March", "March"),
    ("April", "April"),
    ("May", "May"),
    ("June", "June"),
    ("July", "July"),
    ("August", "Aug."),
    ("September", "Sept."),
    ("October", "Oct."),
    ("November", "Nov."),
    ("December", "Dec."),
];

/// Common words, roughly by frequency: sampled Zipf-like for filler.
const COMMON: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "for",
    "on",
    "was",
    "with",
    "said",
    "is",
    "by",
    "he",
    "it",
    "as",
    "at",
    "from",
    "his",
    "an",
    "were",
    "are",
    "have",
    "has",
    "be",
    "which",
    "this",
    "after",
    "their",
    "had",
    "not",
    "but",
    "who",
    "they",
    "its",
    "been",
    "also",
    "more",
    "would",
    "new",
    "people",
    "one",
    "two",
    "over",
    "last",
    "government",
    "year",
    "first",
    "than",
    "will",
    "officials",
    "about",
    "into",
    "up",
    "other",
    "some",
    "when",
    "there",
    "could",
    "since",
    "week",
    "minister",
    "state",
    "country",
    "president",
    "told",
    "security",
    "military",
    "while",
    "before",
    "during",
    "three",
    "against",
    "region",
    "city",
    "forces",
    "police",
    "national",
    "international",
    "according",
    "statement",
    "including",
    "public",
    "local",
    "spokesman",
    "agency",
    "report",
    "reports",
    "percent",
    "between",
    "under",
    "months",
    "days",
    "where",
    "leaders",
    "further",
    "support",
    "plan",
    "officials",
    "political",
    "economic",
    "border",
    "talks",
    "group",
    "members",
    "parliament",
    "ministry",
    "office",
    "groups",
    "weeks",
    "force",
    "power",
    "control",
    "crisis",
    "decision",
    "response",
    "pressure",
    "efforts",
    "meeting",
    "council",
    "issue",
    "conditions",
    "situation",
    "measures",
    "process",
    "comment",
    "request",
    "source",
    "sources",
    "senior",
    "former",
    "official",
    "foreign",
    "domestic",
    "recent",
    "major",
    "several",
    "many",
    "most",
    "both",
    "each",
    "any",
    "such",
    "only",
    "still",
    "already",
    "again",
    "later",
    "earlier",
    "early",
    "late",
    "long",
    "short",
    "high",
    "low",
    "large",
    "small",
    "key",
    "main",
    "central",
    "southern",
    "northern",
    "eastern",
    "western",
    "coastal",
    "rural",
    "urban",
    "capital",
    "province",
    "district",
    "villages",
    "residents",
    "families",
    "children",
    "women",
    "workers",
    "soldiers",
    "civilians",
    "volunteers",
    "analysts",
    "experts",
    "diplomats",
    "observers",
    "critics",
    "supporters",
    "lawmakers",
    "investors",
    "companies",
    "banks",
    "prices",
    "costs",
    "funds",
    "budget",
    "debt",
    "growth",
    "jobs",
    "wages",
    "taxes",
    "services",
    "roads",
    "bridges",
    "schools",
    "hospitals",
    "water",
    "food",
    "fuel",
    "electricity",
    "shelter",
    "medicine",
    "aid",
    "help",
    "damage",
    "losses",
    "risk",
    "threat",
    "warning",
    "concerns",
    "questions",
    "answers",
    "details",
    "figures",
    "data",
    "evidence",
    "claims",
    "allegations",
    "charges",
    "rights",
    "law",
    "rules",
    "policy",
    "reforms",
    "changes",
    "proposal",
    "agreement",
    "deal",
    "framework",
    "steps",
    "move",
    "moves",
    "action",
    "actions",
    "operation",
    "operations",
    "attack",
    "attacks",
    "fighting",
    "clashes",
    "violence",
    "tensions",
    "dispute",
    "conflict",
    "peace",
    "stability",
    "cooperation",
    "relations",
    "ties",
    "dialogue",
    "negotiations",
    "vote",
    "election",
    "campaign",
    "court",
    "judge",
    "case",
    "trial",
    "investigation",
    "inquiry",
    "committee",
    "commission",
    "board",
    "union",
    "alliance",
    "coalition",
    "opposition",
    "party",
    "leader",
    "chief",
    "head",
    "director",
    "adviser",
    "envoy",
    "ambassador",
    "delegation",
    "representatives",
    "authorities",
    "administration",
    "cabinet",
    "agencies",
    "institutions",
    "organisations",
    "networks",
    "systems",
    "infrastructure",
    "supplies",
    "equipment",
    "weapons",
    "vehicles",
    "aircraft",
    "ships",
    "trucks",
    "convoy",
    "route",
    "routes",
    "area",
    "areas",
    "zone",
    "site",
    "sites",
    "facility",
    "facilities",
    "camp",
    "camps",
    "town",
    "towns",
    "streets",
    "square",
    "headquarters",
    "building",
    "buildings",
    "homes",
    "houses",
    "market",
    "markets",
    "morning",
    "afternoon",
    "evening",
    "night",
    "hours",
    "minutes",
    "time",
    "times",
    "period",
    "history",
    "future",
    "past",
    "years",
    "decade",
    "decades",
    "century",
    "anniversary",
    "moment",
    "stage",
    "phase",
    "round",
    "level",
    "levels",
    "rate",
    "rates",
    "number",
    "numbers",
    "total",
    "share",
    "part",
    "half",
    "majority",
    "minority",
    "rest",
    "side",
    "sides",
    "parties",
    "nations",
    "countries",
    "states",
    "neighbours",
    "partners",
    "allies",
    "rivals",
    "outside",
    "inside",
    "across",
    "along",
    "around",
    "behind",
    "beyond",
    "near",
    "toward",
    "without",
    "within",
    "despite",
    "amid",
    "following",
    "ahead",
    "because",
    "although",
    "however",
    "meanwhile",
    "instead",
    "rather",
    "nearly",
    "almost",
    "about",
    "roughly",
    "at least",
    "more than",
    "less than",
    "so far",
    "for now",
    "in recent days",
    "on the ground",
];

/// Verbs for filler clauses, past tense.
const VERBS: &[&str] = &[
    "said",
    "added",
    "warned",
    "noted",
    "confirmed",
    "denied",
    "announced",
    "reported",
    "described",
    "called",
    "urged",
    "rejected",
    "accepted",
    "welcomed",
    "criticised",
    "praised",
    "promised",
    "pledged",
    "insisted",
    "acknowledged",
    "suggested",
    "argued",
    "stressed",
    "declined",
    "agreed",
    "refused",
    "planned",
    "expected",
    "feared",
    "hoped",
    "estimated",
    "recorded",
    "reached",
    "moved",
    "opened",
    "closed",
    "left",
    "returned",
    "met",
    "visited",
];

const GIVEN_ARABIC: &[&str] = &[
    "Ahmed", "Mohammed", "Hussein", "Asaad", "Omar", "Khaled", "Youssef", "Mahmoud", "Karim",
    "Tariq", "Samir", "Walid", "Faisal", "Rami", "Nabil", "Hassan", "Ali", "Ibrahim", "Mustafa",
    "Layla", "Rania", "Huda", "Nour", "Salma", "Amal",
];

const GIVEN_WESTERN: &[&str] = &[
    "Jane", "John", "Maria", "David", "Anna", "Michael", "Sarah", "Thomas", "Laura", "Peter",
    "Emma", "Daniel", "Claire", "Mark", "Julia", "Paul", "Helen", "Robert", "Sophie", "James",
];

const FAMILY_WESTERN: &[&str] = &[
    "Whitfield",
    "Moreau",
    "Keller",
    "Novak",
    "Lindqvist",
    "Brennan",
    "Castillo",
    "Hartmann",
    "Okafor",
    "Rossi",
    "Dubois",
    "Kowalski",
    "Fischer",
    "Morgan",
    "Alvarez",
    "Petersen",
    "Walsh",
    "Bianchi",
    "Schneider",
    "Costa",
];

/// Family names whose spelling real coverage varies; used by some stories as base names.
const FAMOUS_FAMILIES: &[&str] = &[
    "Shibani",
    "Salama",
    "Gaddafi",
    "Sharaa",
    "Hashemi",
    "Nasrallah",
];

const KOREAN_FAMILY: &[&str] = &["Kim", "Pak", "Ri", "Choe", "Jo", "Han"];
const KOREAN_PARTS: &[&str] = &[
    "Jong", "Yong", "Song", "Chol", "Il", "Su", "Hyon", "Myong", "Nam", "Un", "Sok", "Chun",
];

const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "h", "j", "k", "kh", "l", "m", "n", "q", "r", "s", "sh", "t", "z", "gh",
    "dh", "w", "y",
];
const VOWELS: &[&str] = &["a", "i", "e", "ou", "u", "ai", "a", "i", "a", "o"];
const CODAS: &[&str] = &["", "", "", "n", "r", "m", "l", "d", "s"];

const SCENES: &[&str] = &[
    "Soldiers stand guard near a checkpoint",
    "People gather outside a damaged building",
    "Delegates arrive for a meeting",
    "A man walks past a mural",
    "Rescue workers search through rubble",
    "Demonstrators wave flags during a rally",
    "Trucks carrying aid wait at a crossing",
    "Officials speak to reporters",
    "Smoke rises over the skyline",
    "Residents queue for bread",
];

// ---------------------------------------------------------------------------------------------
// Stories and people.

/// Name spelling style: which transliteration rules apply.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Arabic,
    Korean,
    Slavic,
    Western,
}

struct Person {
    /// Spellings of the given name(s) and family name; an outlet picks one of each.
    given_variants: Vec<String>,
    family_variants: Vec<String>,
    role: &'static str,
}

impl Person {
    fn new(story: usize, k: usize, seed: u64, roles: &'static [&'static str]) -> Person {
        let mut r = Rng::new(seed, STREAM_PERSON, ((story as u64) << 8) | k as u64);
        let style = match r.below(10) {
            0..=4 => Style::Arabic,
            5 => Style::Korean,
            6 | 7 => Style::Slavic,
            _ => Style::Western,
        };
        let role = r.pick(roles);
        match style {
            Style::Arabic => {
                let given = (r.pick(GIVEN_ARABIC)).to_string();
                let base = if r.chance(15) {
                    (r.pick(FAMOUS_FAMILIES)).to_string()
                } else {
                    generated_name(&mut r)
                };
                let mut fam = vec![format!("al-{base}")];
                for _ in 0..r.range(1, 3) {
                    fam.push(arabic_variant(&base, &mut r));
                }
                dedup(&mut fam);
                let mut giv = vec![given.clone(), vowel_swap(&given, &mut r)];
                dedup(&mut giv);
                Person {
                    given_variants: giv,
                    family_variants: fam,
                    role,
                }
            }
            Style::Korean => {
                let fam = (r.pick(KOREAN_FAMILY)).to_string();
                let a = r.pick(KOREAN_PARTS);
                let b = r.pick(KOREAN_PARTS);
                let lower = b.to_lowercase();
                // Korean names put the family name first: the "given" slot holds it.
                let mut giv = vec![
                    format!("{a} {b}"),
                    format!("{a}-{lower}"),
                    format!("{a}-{b}"),
                ];
                giv.truncate(r.range(2, 3));
                Person {
                    given_variants: vec![fam],
                    family_variants: giv,
                    role,
                }
            }
            Style::Slavic => {
                let given =
                    (r.pick(&["Volodymyr", "Oleksandr", "Sergei", "Dmitry", "Yulia"])).to_string();
                let base = generated_name(&mut r);
                let stem = base.trim_end_matches(['a', 'e', 'i', 'o', 'u']).to_string();
                let mut fam = match r.below(3) {
                    0 => vec![
                        format!("{stem}sky"),
                        format!("{stem}skyy"),
                        format!("{stem}ski"),
                    ],
                    1 => vec![format!("{stem}enko"), format!("{stem}enco")],
                    _ => vec![
                        format!("{stem}ov"),
                        format!("{stem}off"),
                        format!("{stem}ow"),
                    ],
                };
                fam.truncate(r.range(2, fam.len()));
                let giv = if given == "Sergei" {
                    vec![given, "Sergey".to_string()]
                } else if given == "Dmitry" {
                    vec![given, "Dmitri".to_string()]
                } else {
                    vec![given]
                };
                Person {
                    given_variants: giv,
                    family_variants: fam,
                    role,
                }
            }
            Style::Western => Person {
                given_variants: vec![(r.pick(GIVEN_WESTERN)).to_string()],
                family_variants: vec![(r.pick(FAMILY_WESTERN)).to_string()],
                role,
            },
        }
    }

    fn given(&self, outlet: usize) -> &str {
        let i = (mix(outlet as u64, 17) as usize) % self.given_variants.len();
        &self.given_variants[i]
    }

    fn family(&self, outlet: usize) -> &str {
        let i = (mix(outlet as u64, 29) as usize) % self.family_variants.len();
        &self.family_variants[i]
    }
}

fn dedup(v: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|s| seen.insert(s.clone()));
}

/// A generated family-name base: two or three syllables, capitalised.
fn generated_name(r: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..r.range(2, 3) {
        s.push_str(r.pick(ONSETS));
        s.push_str(r.pick(VOWELS));
    }
    s.push_str(r.pick(CODAS));
    if r.chance(40) {
        s.push_str(r.pick(&["a", "i", "ani", "awi", "iri"]));
    }
    capitalise(&s)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One transliteration rule applied to a vowel: i↔ai, e↔a, ou↔u, ee↔i.
fn vowel_swap(s: &str, r: &mut Rng) -> String {
    const SWAPS: &[(&str, &str)] = &[
        ("ai", "i"),
        ("i", "ai"),
        ("e", "a"),
        ("a", "e"),
        ("ou", "u"),
        ("u", "ou"),
        ("ee", "i"),
    ];
    let start = r.below(SWAPS.len());
    for k in 0..SWAPS.len() {
        let (from, to) = SWAPS[(start + k) % SWAPS.len()];
        // Not the first letter: "Ahmed" -> "Ahmad", never "Ehmed".
        if let Some(pos) = s[1..].find(from) {
            let pos = pos + 1;
            return format!("{}{to}{}", &s[..pos], &s[pos + from.len()..]);
        }
    }
    s.to_string()
}

/// A spelling of an Arabic family name another outlet might use: vowel swap, el- prefix,
/// final -a as -ah/-eh, a doubled or undoubled consonant, G/Q/K as the initial.
fn arabic_variant(base: &str, r: &mut Rng) -> String {
    let mut s = base.to_string();
    let rules = r.range(1, 2);
    for _ in 0..rules {
        s = match r.below(5) {
            0 => vowel_swap(&s, r),
            1 if s.ends_with('a') => {
                let ending = r.pick(&["ah", "eh"]);
                format!("{}{ending}", &s[..s.len() - 1])
            }
            2 => double_or_undouble(&s),
            3 if s.starts_with(['G', 'Q', 'K']) => {
                let first = r.pick(&["G", "Q", "K"]);
                format!("{first}{}", &s[1..])
            }
            _ => vowel_swap(&s, r),
        };
    }
    let prefix = r.pick(&["al-", "el-", "al-", "Al-", "al ", ""]);
    format!("{prefix}{s}")
}

fn double_or_undouble(s: &str) -> String {
    let b = s.as_bytes();
    for i in 1..b.len().saturating_sub(1) {
        if b[i] == b[i + 1] && b[i].is_ascii_alphabetic() {
            return format!("{}{}", &s[..i], &s[i + 1..]);
        }
    }
    let vowels = b"aeiou";
    for i in 1..b.len().saturating_sub(1) {
        if !vowels.contains(&b[i]) && vowels.contains(&b[i - 1]) && vowels.contains(&b[i + 1]) {
            return format!("{}{}{}", &s[..=i], &s[i..=i], &s[i + 1..]);
        }
    }
    s.to_string()
}

struct Story {
    topic: usize,
    people: Vec<Person>,
    places: Vec<&'static str>,
    cities: Vec<(&'static str, &'static str)>,
    orgs: Vec<String>,
    year: usize,
    month: usize,
    day: usize,
    numbers: Vec<usize>,
    /// Story-specific rare words (generated), shared by its articles.
    jargon: Vec<String>,
}

impl Story {
    fn new(story: usize, seed: u64) -> Story {
        let mut r = Rng::new(seed, STREAM_STORY, story as u64);
        let topic = r.below(TOPICS.len());
        let roles = TOPICS[topic].roles;
        let people = (0..r.range(2, 4))
            .map(|k| Person::new(story, k, seed, roles))
            .collect();
        let places = (0..r.range(2, 3)).map(|_| r.pick(COUNTRIES)).collect();
        let cities = (0..r.range(1, 3)).map(|_| r.pick(CITIES)).collect();
        let orgs = (0..r.range(1, 2))
            .map(|_| {
                let field = r.pick(&[
                    "Defence",
                    "Interior",
                    "Health",
                    "Finance",
                    "Energy",
                    "Justice",
                    "Trade",
                    "Information",
                    "Foreign Affairs",
                ]);
                match r.below(4) {
                    0 => format!("the Ministry of {field}"),
                    1 => format!("the National {field} Council"),
                    2 => format!(
                        "the {} {field} Authority",
                        capitalise(&generated_name(&mut r).to_lowercase())
                    ),
                    _ => format!("the United Nations {field} Office"),
                }
            })
            .collect();
        let jargon = (0..r.range(3, 8))
            .map(|_| generated_name(&mut r).to_lowercase())
            .collect();
        Story {
            topic,
            people,
            places,
            cities,
            orgs,
            year: r.range(2023, 2026),
            month: r.below(12),
            day: r.range(1, 28),
            numbers: (0..4).map(|_| r.zipf(5000) + 2).collect(),
            jargon,
        }
    }

    fn topic(&self) -> &'static Topic {
        &TOPICS[self.topic]
    }
}

/// The story article `i` belongs to: the ground truth for story grouping (articles are laid out
/// story by story, so one story's articles have consecutive numbers).
pub fn story_number(i: usize, seed: u64) -> usize {
    story_of(i, seed).0
}

/// Stories are laid out in blocks of 26 articles holding four stories of 5, 6, 7 and 8
/// articles in a per-block order: (story number, position in story) for article `i`.
fn story_of(i: usize, seed: u64) -> (usize, usize) {
    const BLOCK: usize = 26;
    let block = i / BLOCK;
    let mut off = i % BLOCK;
    let mut sizes = [5, 6, 7, 8];
    let mut r = Rng::new(seed, STREAM_LAYOUT, block as u64);
    for k in (1..sizes.len()).rev() {
        let j = r.below(k + 1);
        sizes.swap(k, j);
    }
    for (k, &n) in sizes.iter().enumerate() {
        if off < n {
            return (block * 4 + k, off);
        }
        off -= n;
    }
    (block * 4 + 3, 0)
}

// ---------------------------------------------------------------------------------------------
// Writing one article.

struct Writer<'a> {
    out: &'a mut String,
    r: Rng,
    story: &'a Story,
    outlet: usize,
}

impl Writer<'_> {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn person_full(&mut self, k: usize) {
        let story = self.story;
        let p = &story.people[k % story.people.len()];
        let (g, f) = (p.given(self.outlet), p.family(self.outlet));
        self.out.push_str(g);
        self.out.push(' ');
        self.out.push_str(f);
    }

    fn person_short(&mut self, k: usize) {
        let story = self.story;
        let p = &story.people[k % story.people.len()];
        let short = short_name(p.family(self.outlet), self.outlet);
        self.out.push_str(&short);
    }

    fn filler(&mut self, min: usize, max: usize) {
        let n = self.r.range(min, max);
        for k in 0..n {
            if k > 0 {
                self.out.push(' ');
            }
            if self.r.chance(4) {
                let j = self.r.below(self.story.jargon.len());
                self.out.push_str(&self.story.jargon[j]);
            } else if self.r.chance(6) {
                let w = self.r.zipf(60_000);
                push_pseudo_word(self.out, w);
            } else {
                let w = self.r.zipf(COMMON.len());
                self.out.push_str(COMMON[w]);
            }
        }
    }

    fn date(&mut self) {
        let s = self.story;
        let (long, short) = MONTHS[s.month];
        let day = s.day + self.r.below(3);
        let m = if self.outlet.is_multiple_of(2) {
            long
        } else {
            short
        };
        self.out.push_str(&format!("{m} {day}, {}", s.year));
    }

    fn number(&mut self) {
        let n = self.story.numbers[self.r.below(self.story.numbers.len())];
        if n >= 1000 && self.outlet % 2 == 1 {
            self.out.push_str(&format!("{},{:03}", n / 1000, n % 1000));
        } else {
            self.out.push_str(&n.to_string());
        }
    }

    fn place(&mut self) {
        let p = self.r.pick(&self.story.places);
        self.out.push_str(p);
    }

    fn city(&mut self) {
        let c = self.r.pick(&self.story.cities).0;
        self.out.push_str(c);
    }

    fn org(&mut self) {
        let o = self.r.below(self.story.orgs.len());
        let s = self.story.orgs[o].clone();
        self.out.push_str(&s);
    }

    fn phrase(&mut self) {
        let p = self.r.pick(self.story.topic().phrases);
        self.out.push_str(p);
    }

    fn noun(&mut self) {
        let p = self.r.pick(self.story.topic().nouns);
        self.out.push_str(p);
    }

    fn verb(&mut self) {
        let p = self.r.pick(self.story.topic().verbs);
        self.out.push_str(p);
    }

    fn past(&mut self) {
        let p = self.r.pick(VERBS);
        self.out.push_str(p);
    }

    fn weekday(&mut self) {
        let p = self.r.pick(WEEKDAYS);
        self.out.push_str(p);
    }

    /// One sentence from a template; `k` picks the person.
    fn sentence(&mut self) {
        let k = self.r.below(self.story.people.len());
        match self.r.below(16) {
            0 => {
                self.person_full(k);
                self.push(", the ");
                let role = self.story.people[k].role;
                self.push(role);
                self.push(", said on ");
                self.weekday();
                self.push(" that the ");
                self.phrase();
                self.push(" would ");
                self.verb();
                self.push(" ");
                self.filler(3, 9);
                self.push(".");
            }
            1 => {
                self.push("According to ");
                self.org();
                self.push(", at least ");
                self.number();
                self.push(" people ");
                self.filler(2, 6);
                self.push(" in ");
                self.place();
                self.push(" since ");
                self.date();
                self.push(".");
            }
            2 => {
                self.push("\"We ");
                self.verb();
                self.push(" the ");
                self.phrase();
                self.push(" ");
                self.filler(3, 8);
                self.push(",\" ");
                self.person_short(k);
                self.push(" told reporters in ");
                self.city();
                self.push(".");
            }
            3 => {
                self.push("The ");
                self.phrase();
                self.push(" ");
                self.filler(4, 10);
                self.push(", officials ");
                self.past();
                self.push(".");
            }
            4 => {
                self.person_short(k);
                self.push(" did not respond to a request for comment on the ");
                self.noun();
                self.push(".");
            }
            5 => {
                self.push("Talks on the ");
                self.phrase();
                self.push(" are expected to resume in ");
                self.city();
                self.push(" next week, ");
                self.org();
                self.push(" ");
                self.past();
                self.push(".");
            }
            6 => {
                self.push("In ");
                self.place();
                self.push(", ");
                self.filler(5, 12);
                self.push(".");
            }
            7 => {
                self.push("The ");
                self.noun();
                self.push(" came after ");
                self.person_full(k);
                self.push(" ");
                self.past();
                self.push(" ");
                self.filler(3, 8);
                self.push(" on ");
                self.date();
                self.push(".");
            }
            8 => {
                let c = capitalise(COMMON[self.r.zipf(COMMON.len())]);
                self.push(&c);
                self.push(" ");
                self.filler(6, 14);
                self.push(".");
            }
            9 => {
                self.push("Officials in ");
                self.city();
                self.push(" ");
                self.past();
                self.push(" that ");
                self.number();
                self.push(" ");
                self.filler(2, 6);
                self.push(" had been ");
                let v = self
                    .r
                    .pick(&["affected", "detained", "displaced", "counted", "moved"]);
                self.push(v);
                self.push(".");
            }
            10 => {
                self.push("Mr. ");
                self.person_short(k);
                self.push(" ");
                self.past();
                self.push(" the ");
                self.noun();
                self.push(" ");
                self.filler(3, 8);
                self.push(", the U.S. State Department said.");
            }
            11 => {
                self.push("Analysts ");
                self.past();
                self.push(" the ");
                self.phrase();
                self.push(" could ");
                self.verb();
                self.push(" ");
                self.filler(4, 9);
                self.push(" by ");
                let m = MONTHS[self.r.below(12)].0;
                self.push(m);
                self.push(".");
            }
            12 => {
                self.push("Asked about ");
                self.person_full(k);
                self.push(", a spokesman for ");
                self.org();
                self.push(" ");
                self.past();
                self.push(" ");
                self.filler(2, 6);
                self.push(".");
            }
            13 => {
                self.push("The ");
                self.noun();
                self.push(" in ");
                self.place();
                self.push(" ");
                self.filler(3, 8);
                self.push(", with ");
                self.number();
                self.push(" ");
                self.filler(1, 4);
                self.push(" reported by ");
                self.weekday();
                self.push(".");
            }
            14 => {
                self.person_short(k);
                self.push(", who ");
                self.past();
                self.push(" ");
                self.filler(3, 7);
                self.push(", ");
                self.past();
                self.push(" the ");
                self.phrase();
                self.push(" was ");
                self.filler(1, 4);
                self.push(".");
            }
            _ => {
                self.push("It was not immediately clear whether the ");
                self.phrase();
                self.push(" would ");
                self.verb();
                self.push(" ");
                self.filler(2, 6);
                self.push(".");
            }
        }
    }

    fn paragraph(&mut self, words: usize) {
        let start = self.out.len();
        let mut first = true;
        loop {
            if !first {
                self.push(" ");
            }
            first = false;
            self.sentence();
            // ~6 bytes a word; a sentence averages ~20 words, so stop half a sentence early.
            if self.out.len() - start + 60 >= words * 6 {
                break;
            }
        }
    }

    fn headline(&mut self) {
        let s = self.story;
        let t = s.topic();
        let k = 0;
        let start = self.out.len();
        match self.r.below(4) {
            0 => {
                self.place();
                self.push(" and ");
                let other =
                    s.places[(1 + self.r.below(s.places.len().max(2) - 1)) % s.places.len()];
                self.push(other);
                self.push(" ");
                let v = self.r.pick(t.headline_verbs);
                self.push(v);
                self.push(" in ");
                self.city();
            }
            1 => {
                self.person_short(k);
                self.push(" says ");
                self.phrase();
                self.push(" will ");
                self.verb();
            }
            2 => {
                self.place();
                self.push(" ");
                let v = self.r.pick(t.headline_verbs);
                self.push(v);
                self.push(" as ");
                self.noun();
                self.push(" ");
                self.verb();
                self.push("s");
            }
            _ => {
                let p = capitalise(self.r.pick(t.phrases));
                self.push(&p);
                self.push(": ");
                self.place();
                self.push(" ");
                let v = self.r.pick(t.headline_verbs);
                self.push(v);
                self.push(" after ");
                self.noun();
                self.push(" in ");
                self.city();
            }
        }
        if self.outlet % 4 == 1 {
            // Some outlets title-case their headlines.
            let h: String = self.out[start..]
                .split(' ')
                .map(capitalise)
                .collect::<Vec<_>>()
                .join(" ");
            self.out.truncate(start);
            self.out.push_str(&h);
        }
    }
}

/// A family name as it reads on its own, in `outlet`'s style: "al-Shibani said" reads as
/// "Shibani said" in some outlets.
fn short_name(family: &str, outlet: usize) -> String {
    let short = if outlet.is_multiple_of(3) {
        family
            .trim_start_matches("al-")
            .trim_start_matches("el-")
            .trim_start_matches("Al-")
    } else {
        family
    };
    if short.starts_with(char::is_lowercase) {
        capitalise(short)
    } else {
        short.to_string()
    }
}

/// The outlet of the article at position `pos` of story `story_no`: a story-seeded walk over
/// the pool, so one story's articles come from different outlets.
fn outlet_of(story_no: usize, pos: usize, seed: u64) -> usize {
    (mix(seed ^ story_no as u64, 99) as usize + pos * 7) % OUTLETS.len()
}

/// A pseudo-word for the long tail of the vocabulary: rank `w` spelt in syllables.
fn push_pseudo_word(out: &mut String, mut w: usize) {
    const SYL: &[&str] = &[
        "ka", "lo", "mi", "ter", "san", "vel", "dor", "pra", "qui", "ne", "bas", "tor", "lin",
        "gra", "mon", "ric", "fal", "ces", "dun", "pel", "hor", "vis", "tam", "bre",
    ];
    loop {
        out.push_str(SYL[w % SYL.len()]);
        w /= SYL.len();
        if w == 0 {
            break;
        }
    }
    out.push_str(match w % 3 {
        0 => "ing",
        1 => "ed",
        _ => "s",
    });
}

/// Append article `i` to `out`.
pub fn write_article(out: &mut String, i: usize, seed: u64) {
    let (story_no, pos) = story_of(i, seed);
    write_story_article(out, story_no, pos, i, seed);
}

/// The text of the `pos`-th article of story `story_no`, outside the corpus layout: one story
/// told by as many articles as wanted (the facts bench's 120-article story).
pub fn story_article_text(story_no: usize, pos: usize, seed: u64) -> String {
    let mut s = String::with_capacity(4096);
    write_story_article(
        &mut s,
        story_no,
        pos,
        1_000_000_000 + story_no * 10_000 + pos,
        seed,
    );
    s
}

fn write_story_article(out: &mut String, story_no: usize, pos: usize, i: usize, seed: u64) {
    let story = Story::new(story_no, seed);
    let mut r = Rng::new(seed, STREAM_ARTICLE, i as u64);
    let outlet = outlet_of(story_no, pos, seed);
    let (outlet_name, agency) = OUTLETS[outlet];
    let mut w = Writer {
        out,
        r: Rng::new(seed, STREAM_ARTICLE ^ 0xABCD, i as u64),
        story: &story,
        outlet,
    };

    // Page chrome before the headline.
    if r.chance(25) {
        for nav in ["Menu", "Search", "Ad"] {
            if r.chance(70) {
                w.push(nav);
                w.push("\n\n");
            }
        }
    }
    let credit = r.below(100);
    // Most pages name the outlet on the first line; some credit an agency in a dateline; the
    // rest say nothing.
    let first_line = credit < 60;
    let dateline = (60..80).contains(&credit);
    if first_line {
        w.push(outlet_name);
        w.push("\n");
        if r.chance(30) {
            w.push(r.pick(&["World", "Politics", "Middle East", "Business", "Europe"]));
            w.push("\n");
        }
        w.push("\n");
    }
    if r.chance(30) {
        w.push(r.pick(&["Published ", "Updated ", ""]));
        w.date();
        w.push("\n\n");
    }
    let head_start = w.out.len();
    w.headline();
    let head_end = w.out.len();
    w.push("\n\n");
    if r.chance(20) {
        let h = w.out[head_start..head_end].to_string();
        w.push(&h);
        w.push("\n\n");
    }
    if r.chance(40) {
        w.push("By ");
        w.push(r.pick(GIVEN_WESTERN));
        w.push(" ");
        w.push(r.pick(FAMILY_WESTERN));
        w.push("\n\n");
    }
    let caption_at = if r.chance(35) {
        r.range(0, 2)
    } else {
        usize::MAX
    };

    // 6–12 paragraphs of 40–120 words, both skewed short: ~3 KB an article on average.
    let paragraphs = r.range(6, 12).min(r.range(6, 12));
    for p in 0..paragraphs {
        if p == caption_at {
            w.push(r.pick(SCENES));
            w.push(" in ");
            w.city();
            w.push(", ");
            w.place();
            w.push(", ");
            w.date();
            w.push(". ");
            match r.below(3) {
                0 => {
                    w.push("(AP Photo/");
                    w.push(r.pick(GIVEN_WESTERN));
                    w.push(" ");
                    w.push(r.pick(FAMILY_WESTERN));
                    w.push(if r.chance(50) { ", File)" } else { ")" });
                }
                1 => w.push("(AFP/File Photo)"),
                _ => w.push("(Photo: Getty Images)"),
            }
            w.push("\n\n");
        }
        if p == 0 && dateline {
            let city = r.pick(&story.cities).1;
            w.push(city);
            w.push(" (");
            w.push(agency);
            w.push(") — ");
        }
        let words = 40 + r.below(81).min(r.below(81)).min(r.below(81));
        w.paragraph(words);
        w.push("\n\n");
    }
    if r.chance(30) {
        w.push(r.pick(&[
            "Sign up for our daily newsletter to get the latest news from the region.",
            "Sign up for daily updates for the most important stories unfolding.",
            "Get the latest news delivered to your inbox.",
            "Download the app for breaking news alerts.",
        ]));
        w.push("\n\n");
        if r.chance(50) {
            w.push(&format!(
                "© {} {outlet_name}. All rights reserved.\n",
                story.year
            ));
        }
    }
}
