//! Framing on realistic news sentences: the issue's examples verbatim and many more.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;

use super::*;
use crate::ingest::{Outlets, ReadContext, parse_bytes};
use crate::model::{
    Agreement, Compared, DatePrecision, DateRelation, DateValue, Format, NumberKind, NumberValue,
};

/// An analysed article from plain text: an outlet line, a headline, then the paragraphs.
fn article(body: &str) -> Article {
    article_on(body, None)
}

/// The same, published on `date` (relative dates resolve against it).
fn article_on(body: &str, date: Option<NaiveDate>) -> Article {
    let text = format!("Test Outlet\n\nA headline for the test\n\n{body}\n");
    let ctx = ReadContext {
        outlets: Outlets::builtin(),
        overrides: None,
        modified: None,
    };
    let mut a = parse_bytes(text.as_bytes(), "t.txt", Format::Text, ctx).unwrap();
    a.published = date;
    crate::analysis::analyse(&mut a);
    a
}

/// The sentence of `a` that contains `needle`.
fn sentence(a: &Article, needle: &str) -> Span {
    for p in &a.passages {
        for sp in &p.sentences {
            let t = &p.text[sp.start - p.span.start..sp.end - p.span.start];
            if t.contains(needle) {
                return *sp;
            }
        }
    }
    panic!("no sentence contains {needle:?}");
}

fn of(a: &Article, needle: &str) -> Framing {
    frame(a, sentence(a, needle))
}

/// Frame an article made of `body` and return the framing of its sentence holding `needle`.
fn one(body: &str, needle: &str) -> Framing {
    of(&article(body), needle)
}

fn attr(f: &Framing) -> &Attribution {
    f.governing().expect("an attribution")
}

/// The attributions other than the governing one, in text order.
fn others(f: &Framing) -> Vec<&Attribution> {
    let g = f.governing().map(|g| g as *const Attribution);
    f.attributions
        .iter()
        .filter(|a| Some(*a as *const Attribution) != g)
        .collect()
}

fn text_at(a: &Article, span: Span) -> &str {
    let p = a
        .passages
        .iter()
        .find(|p| p.span.start <= span.start && span.end <= p.span.end)
        .unwrap();
    &p.text[span.start - p.span.start..span.end - p.span.start]
}

// ---- attribution: the issue's examples ----

#[test]
fn issue_example_official_told_the_ap() {
    let a = article(
        "Syrian and Israeli officials are set to resume talks in Paris, a Syrian official told the Associated Press on Monday.",
    );
    let f = of(&a, "Paris");
    let at = attr(&f);
    assert_eq!(at.source, "a Syrian official");
    assert_eq!(at.via.as_deref(), Some("Associated Press"));
    assert_eq!(at.verb, "told");
    assert!(at.anonymous);
    assert!(!at.distance);
    assert_eq!(at.origin, AttributionOrigin::Sentence);
    assert_eq!(
        text_at(&a, at.span),
        "a Syrian official told the Associated Press"
    );
}

#[test]
fn issue_example_state_media_reported() {
    let f = one(
        "Syrian state media reported that the Paris discussions also centered on reviving the 1974 disengagement agreement.",
        "Paris",
    );
    let a = attr(&f);
    assert_eq!(a.source, "Syrian state media");
    assert_eq!(a.verb, "reported");
    assert!(
        !a.anonymous,
        "state media is an institution, not an unnamed person"
    );
    assert_eq!(a.via, None);
}

#[test]
fn issue_example_according_to_a_joint_statement() {
    let f = one(
        "According to a joint statement released by the U.S. State Department on Tuesday, the mechanism is intended to coordinate on security.",
        "mechanism",
    );
    let a = attr(&f);
    assert_eq!(a.source, "U.S. State Department");
    assert_eq!(a.document.as_deref(), Some("joint statement"));
    assert_eq!(a.verb, "according to");
    assert!(!a.anonymous);
    assert_eq!(
        a.entity.as_deref(),
        Some("United States Department of State")
    );
}

#[test]
fn issue_example_the_statement_said_is_resolved_to_its_issuer() {
    let a = article(
        "Israel and Syria have resumed diplomatic talks, according to a statement from Israel’s Prime Minister’s Office on Tuesday.\n\n“During the talks, Israel emphasized the importance of protecting its citizens,” the statement said.",
    );
    let f = of(&a, "During the talks");
    let at = attr(&f);
    assert_eq!(at.source, "Israel’s Prime Minister’s Office");
    assert_eq!(at.as_written.as_deref(), Some("the statement"));
    assert_eq!(at.document.as_deref(), Some("statement"));
    assert_eq!(at.verb, "said");
    assert_eq!(at.origin, AttributionOrigin::Resolved);
    assert_eq!(f.quotes.len(), 1);
    assert_eq!(
        f.quotes[0].speaker.as_deref(),
        Some("Israel’s Prime Minister’s Office")
    );
}

#[test]
fn issue_example_no_source_at_all() {
    let f = one(
        "Rebel forces seized control of Syria’s leadership on December 8, 2024, prompting Israeli troops to advance further across the border.",
        "Rebel",
    );
    assert!(f.attributions.is_empty(), "{:?}", f.attributions);
}

// ---- attribution: more sentences ----

#[test]
fn definite_follow_ups_chain_back_to_the_first_mention_and_keep_its_relay() {
    let a = article(
        "Officials are set to resume talks in Paris, a Syrian official said Monday.\n\n\
         The official, who spoke on condition of anonymity because he was not authorized to speak publicly, told The Associated Press that the delegation will be headed by the foreign minister.\n\n\
         The official said Syria's main aim is to reactivate a 1974 agreement.\n\n\
         In the new round of discussions, the Syrian official said, Damascus will seek a withdrawal.",
    );
    let second = of(&a, "who spoke on condition");
    let s2 = attr(&second);
    assert_eq!(s2.source, "a Syrian official");
    assert_eq!(s2.as_written.as_deref(), Some("The official"));
    assert_eq!(s2.via.as_deref(), Some("Associated Press"));
    assert!(s2.anonymous);
    let last = of(&a, "new round");
    let s4 = attr(&last);
    assert_eq!(s4.source, "a Syrian official");
    assert_eq!(s4.as_written.as_deref(), Some("the Syrian official"));
    assert_eq!(
        s4.via.as_deref(),
        Some("Associated Press"),
        "the relay travels down the chain"
    );
    assert!(s4.anonymous);
    assert_eq!(s4.origin, AttributionOrigin::Resolved);
}

#[test]
fn inverted_reporting_clause_after_a_quotation() {
    let f = one(
        "“We will not accept any foreign presence on our soil,” said Foreign Minister Asaad al-Shibani.",
        "foreign presence",
    );
    let a = attr(&f);
    assert_eq!(a.source, "Foreign Minister Asaad al-Shibani");
    assert!(!a.anonymous);
    assert_eq!(f.quotes.len(), 1);
    assert_eq!(
        f.quotes[0].speaker.as_deref(),
        Some("Foreign Minister Asaad al-Shibani")
    );
    assert_eq!(
        f.quotes[0].text,
        "We will not accept any foreign presence on our soil"
    );
}

#[test]
fn appositive_source_names_its_agency() {
    let f = one(
        "Syria’s state news agency, SANA, reported that the delegation was led by the foreign minister.",
        "SANA",
    );
    let a = attr(&f);
    assert_eq!(a.source, "Syria’s state news agency, SANA");
    assert_eq!(a.entity.as_deref(), Some("Syrian Arab News Agency"));
}

#[test]
fn pronoun_speaker_is_the_nearest_person_outside_quotations() {
    let a = article(
        "Prime Minister Benjamin Netanyahu spoke in Jerusalem on Sunday.\n\n“I told Kim Jong Un we would act,” he said.",
    );
    let f = of(&a, "we would act");
    let at = attr(&f);
    assert_eq!(at.source, "Benjamin Netanyahu");
    assert_eq!(at.as_written.as_deref(), Some("he"));
    assert_eq!(at.origin, AttributionOrigin::Resolved);
    assert!(!at.anonymous);
}

#[test]
fn a_pronoun_opening_a_sentence_takes_up_the_subject_before_not_the_nearest_name() {
    let a = article(
        "Michael Slager was a patrolman when he pulled over Walter Scott in April. He said he \
         opened fire because he felt threatened.",
    );
    let f = of(&a, "opened fire");
    let at = attr(&f);
    assert_eq!(at.source, "Michael Slager");
    assert_eq!(at.as_written.as_deref(), Some("He"));
    // Inside its sentence a pronoun still takes the nearest name.
    let a = article(
        "The inquiry heard from Walter Scott's brother. Later, Michael Slager spoke, and he said he \
         felt threatened.",
    );
    let f = of(&a, "felt threatened");
    assert_eq!(attr(&f).source, "Michael Slager");
}

#[test]
fn quotation_over_several_sentences_inherits_its_speaker() {
    let a = article(
        "\"We'll either have a very good meeting or we won't have a good meeting,\" Trump told reporters. \"And maybe we won't even have a meeting at all. But I think there's a great chance to solve a world problem.\"",
    );
    let first = of(&a, "either have");
    assert_eq!(attr(&first).source, "Trump");
    assert_eq!(
        attr(&first).via,
        None,
        "reporters are an audience, not a relay"
    );
    for needle in ["maybe we won't", "great chance"] {
        let f = of(&a, needle);
        let at = attr(&f);
        assert_eq!(at.source, "Trump", "{needle}");
        assert_eq!(at.origin, AttributionOrigin::Inherited, "{needle}");
        assert_eq!(f.quotes.len(), 1);
        assert!(f.quotes[0].continues, "{needle}");
        assert_eq!(f.quotes[0].speaker.as_deref(), Some("Trump"));
    }
}

#[test]
fn quotation_closed_later_takes_the_speaker_named_at_its_end() {
    let a = article(
        "\"Mike Pompeo met with Kim Jong Un in North Korea last week. Denuclearization will be a great thing for World!\" the president tweeted.",
    );
    let f = of(&a, "Mike Pompeo met");
    let at = attr(&f);
    assert_eq!(at.source, "the president");
    assert_eq!(at.verb, "tweeted");
    assert_eq!(at.origin, AttributionOrigin::Inherited);
}

#[test]
fn distancing_verbs_and_claims() {
    let f = one(
        "Iran claimed that the drone was shot down over its territory.",
        "drone",
    );
    let a = attr(&f);
    assert_eq!(a.source, "Iran");
    assert_eq!(a.verb, "claimed");
    assert!(a.distance);
    let f = one(
        "The group alleged that prisoners had been mistreated.",
        "prisoners",
    );
    assert!(attr(&f).distance);
    let f = one("Israel said that the strike hit a weapons depot.", "depot");
    assert!(!attr(&f).distance);
}

#[test]
fn negated_modal_and_nominal_verbs_attribute_nothing() {
    for s in [
        "Israeli officials did not respond to requests for comment.",
        "A spokesperson for U.S. envoy to Syria Tom Barrack declined to comment.",
        "Israeli and U.S. officials have not publicly confirmed project details.",
        "Officials might announce a deal before the summit.",
        "The Trump administration embraced Israel's claims that Iran lied.",
        "The meetings mark a reported restart of official dialogue.",
    ] {
        let f = one(s, &s[..12]);
        assert!(f.attributions.is_empty(), "{s}: {:?}", f.attributions);
    }
}

#[test]
fn a_name_is_never_a_verb() {
    let f = one(
        "Senior Israeli and Syrian officials met in Paris under U.S. mediation, the United States, Israel and Syria announced.",
        "Senior",
    );
    let a = attr(&f);
    assert_eq!(a.verb, "announced");
    assert_eq!(a.source, "United States, Israel and Syria");
    assert!(others(&f).is_empty());
}

#[test]
fn passive_by_and_relative_clauses_rank_below_the_main_clause() {
    let f = one(
        "Pompeo's trip, which was first reported by The Washington Post, came to light hours after Trump told reporters that the two countries are holding direct talks at \"extremely high levels.\"",
        "Pompeo",
    );
    let a = attr(&f);
    assert_eq!(a.source, "Trump");
    assert_eq!(others(&f).len(), 1);
    assert_eq!(others(&f)[0].source, "Washington Post");
    assert_eq!(others(&f)[0].verb, "reported");
    assert_eq!(f.quotes[0].speaker.as_deref(), Some("Trump"));
    let f = one(
        "The trip was first reported by The Washington Post on Tuesday.",
        "trip",
    );
    assert_eq!(attr(&f).source, "Washington Post");
}

#[test]
fn citing_makes_the_outlet_a_relay() {
    let f = one(
        "Reuters reported, citing two diplomats familiar with the talks, that a deal was close.",
        "deal",
    );
    // Reuters reports; the diplomats are its source.
    assert_eq!(attr(&f).source, "Reuters");
    assert!(!attr(&f).anonymous);
    let [_, a] = f.attributions.as_slice() else {
        panic!("two sources: {:?}", f.attributions);
    };
    assert_eq!(a.source, "two diplomats familiar with the talks");
    assert_eq!(a.verb, "citing");
    assert_eq!(a.via.as_deref(), Some("Reuters"));
    assert!(a.anonymous);
}

#[test]
fn relays_documents_and_audiences_after_the_verb() {
    let f = one(
        "The foreign ministry said in a statement on Monday that the talks would continue.",
        "talks",
    );
    let a = attr(&f);
    assert_eq!(a.source, "The foreign ministry");
    assert_eq!(a.document.as_deref(), Some("statement"));
    let f = one(
        "Netanyahu said in an interview with CNN that the talks would continue.",
        "talks",
    );
    assert_eq!(attr(&f).via.as_deref(), Some("CNN"));
    let f = one(
        "An Israeli official told Axios that \"the talks were positive\".",
        "Axios",
    );
    let a = attr(&f);
    assert_eq!(a.via.as_deref(), Some("Axios"));
    assert_eq!(a.source, "An Israeli official");
    assert!(a.anonymous);
    assert_eq!(f.quotes[0].text, "the talks were positive");
    assert_eq!(f.quotes[0].speaker.as_deref(), Some("An Israeli official"));
}

#[test]
fn anonymity_from_the_source_or_the_sentence() {
    for (s, source, anonymous) in [
        (
            "Officials said the dialogue would continue.",
            "Officials",
            true,
        ),
        (
            "Sources familiar with the matter said the deal was off.",
            "Sources familiar with the matter",
            true,
        ),
        (
            "A State Department official said the envoy would travel on Friday.",
            "A State Department official",
            true,
        ),
        (
            "Secretary of State Marco Rubio said the envoy would travel on Friday.",
            "Secretary of State Marco Rubio",
            false,
        ),
        (
            "A diplomat, speaking on condition of anonymity, said the envoy would travel.",
            "A diplomat",
            true,
        ),
        (
            "The ministry, which asked not to be named, said the envoy would travel.",
            "The ministry",
            true,
        ),
    ] {
        let f = one(s, "said");
        let a = attr(&f);
        assert_eq!(a.source, source, "{s}");
        assert_eq!(a.anonymous, anonymous, "{s}");
    }
}

#[test]
fn coordinated_verbs_and_subordinate_clauses_find_their_subject() {
    let f = one(
        "The president would not disclose the sites but said the U.S. was not among them.",
        "disclose",
    );
    assert_eq!(attr(&f).source, "The president");
    let f = one(
        "Trump has repeatedly denied his campaign colluded with Russia and Moscow has denied meddling in the election.",
        "colluded",
    );
    assert_eq!(attr(&f).source, "Trump");
    assert!(
        others(&f).iter().any(|a| a.source == "Moscow"),
        "{:?}",
        others(&f)
    );
    let f = one(
        "Kim's offer was conveyed to Trump after U.S. officials indicated over the past two weeks that talks were possible.",
        "offer",
    );
    assert_eq!(attr(&f).source, "U.S. officials");
}

#[test]
fn it_says_inside_a_sentence_is_attribution_and_distance() {
    let f = one(
        "Israel has also carried out operations it says are aimed at protecting the Druze religious minority.",
        "operations",
    );
    let a = attr(&f);
    assert_eq!(a.source, "Israel");
    assert_eq!(a.as_written.as_deref(), Some("it"));
    assert!(
        f.hedges
            .iter()
            .any(|h| h.kind == HedgeKind::Distance && h.text == "it says")
    );
    // Closing a quotation, "it says" is plain attribution.
    let f = one("“We are ready,” it says.", "ready");
    assert!(
        f.hedges.iter().all(|h| h.text != "it says"),
        "{:?}",
        f.hedges
    );
}

#[test]
fn according_to_needs_a_source() {
    let f = one(
        "The troops withdrew according to the plan agreed in Paris.",
        "troops",
    );
    assert!(f.attributions.is_empty(), "{:?}", f.attributions);
    let f = one(
        "Syria and Israel on Tuesday concluded a \"positive\" round of negotiations, according to officials.",
        "positive",
    );
    let a = attr(&f);
    assert_eq!(a.source, "officials");
    assert!(a.anonymous);
    assert_eq!(
        f.quotes[0].speaker.as_deref(),
        Some("officials"),
        "a quoted word in an attributed sentence is the source's"
    );
    assert!(f.hedges.iter().all(|h| h.kind != HedgeKind::ScareQuote));
}

// ---- hedges and scare quotes ----

#[test]
fn hedges_of_every_kind() {
    let cases: &[(&str, &str, HedgeKind)] = &[
        (
            "The discussions reportedly focus on reviving the 1974 disengagement agreement.",
            "reportedly",
            HedgeKind::Reportedly,
        ),
        (
            "The dialogue is part of what Israel described as a US initiative to promote peace in the Middle East.",
            "what Israel described as",
            HedgeKind::Distance,
        ),
        (
            "Damascus framed the talks as an effort to reclaim what it called its national rights.",
            "what it called",
            HedgeKind::Distance,
        ),
        (
            "Soldiers crossed towards the so-called Alpha Line.",
            "so-called",
            HedgeKind::Claim,
        ),
        (
            "Israeli officials did not directly address Syrian claims about suspending military activity.",
            "claims",
            HedgeKind::Claim,
        ),
        (
            "The commander is believed to have fled to Lebanon.",
            "is believed to",
            HedgeKind::Uncertainty,
        ),
        (
            "The footage could not be independently verified.",
            "could not be independently verified",
            HedgeKind::Uncertainty,
        ),
        (
            "There was no immediate confirmation from Israel regarding any agreement.",
            "no immediate confirmation",
            HedgeKind::Uncertainty,
        ),
        (
            "The army killed 12 fighters, according to media reports.",
            "according to media reports",
            HedgeKind::VagueSource,
        ),
        (
            "The suspect allegedly fired at the patrol.",
            "allegedly",
            HedgeKind::Reportedly,
        ),
    ];
    for (s, text, kind) in cases {
        let f = one(s, &s[..10]);
        assert!(
            f.hedges.iter().any(|h| h.text == *text && h.kind == *kind),
            "{s}: {:?}",
            f.hedges
        );
    }
}

#[test]
fn hedges_inside_a_quotation_are_the_speakers() {
    let f = one(
        "“Reportedly, nothing happened,” the minister said.",
        "nothing",
    );
    assert!(f.hedges.is_empty(), "{:?}", f.hedges);
}

#[test]
fn scare_quotes_are_short_and_unattributed() {
    let f = one(
        "Israeli and Syrian officials hold 'positive' talks over a security agreement.",
        "officials",
    );
    assert_eq!(f.hedges.len(), 1, "{:?}", f.hedges);
    assert_eq!(f.hedges[0].kind, HedgeKind::ScareQuote);
    assert_eq!(f.hedges[0].text, "positive");
    assert!(f.quotes.is_empty());
    // Introduced as speech: a partial quotation, not irony.
    let f = one(
        "Attorney General Jeff Sessions called the caravan \"a deliberate attempt\" to overwhelm the system.",
        "caravan",
    );
    assert!(f.hedges.iter().all(|h| h.kind != HedgeKind::ScareQuote));
    // "called … “…”" reports: the speaker is the source as the sentence names him.
    assert_eq!(
        f.quotes[0].speaker.as_deref(),
        Some("Attorney General Jeff Sessions")
    );
    assert_eq!(attr(&f).verb, "called");
    // Long quotations are never scare quotes.
    let f = one(
        "Delegates agreed to \"take confidence-building measures on both sides of the line\".",
        "Delegates",
    );
    assert!(f.hedges.is_empty());
    assert_eq!(f.quotes.len(), 1);
    assert_eq!(f.quotes[0].speaker, None);
}

#[test]
fn partial_quotation_after_what_it_described_as() {
    let f = one(
        "A Syrian official told Reuters that Damascus would not move forward on what it described as “strategic files” without a timeline.",
        "strategic",
    );
    assert_eq!(attr(&f).via.as_deref(), Some("Reuters"));
    assert!(
        f.hedges
            .iter()
            .any(|h| h.text == "what it described as" && h.kind == HedgeKind::Distance)
    );
    assert_eq!(f.quotes[0].text, "strategic files");
    assert_eq!(f.quotes[0].speaker.as_deref(), Some("A Syrian official"));
}

// ---- loaded terms ----

fn loaded(s: &str) -> Vec<(String, String, bool)> {
    one(s, &s[..8])
        .loaded_terms
        .into_iter()
        .map(|t| (t.text, t.group, t.quoted))
        .collect()
}

#[test]
fn the_issues_loaded_wording_is_found_with_its_group() {
    let l = loaded(
        "Tensions escalated after Syrian President Bashar al-Assad was toppled on December 8, 2024.",
    );
    assert_eq!(l, [("toppled".into(), "removal_from_power".into(), false)]);
    let l = loaded(
        "In December 2024, insurgents led by Ahmad al-Sharaa ousted the country's longtime autocratic leader.",
    );
    // "insurgents" and "rebel forces" are the wire services' plain wording: not loaded.
    let groups: Vec<&str> = l.iter().map(|(_, g, _)| g.as_str()).collect();
    assert_eq!(groups, ["removal_from_power", "autocrat_label"]);
    let l = loaded("Rebel forces seized control of Syria’s leadership.");
    assert_eq!(
        l,
        [("seized control".into(), "taking_control".into(), false)]
    );
    let l = loaded(
        "Israel, which has occupied Syria’s Golan Heights in contravention of international law since 1967, expanded its territory following the fall of Bashar al-Assad’s government.",
    );
    let texts: Vec<&str> = l.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        ["in contravention of international law", "the fall of"]
    );
    let f = one(
        "The official urged Israel to abandon what was described as an “expansionist mentality”.",
        "urged",
    );
    assert_eq!(f.loaded_terms[0].text, "expansionist");
    assert!(f.loaded_terms[0].quoted, "inside a quotation");
    assert!(
        f.loaded_terms[0]
            .neutral
            .iter()
            .any(|n| n == "territorial ambitions")
    );
}

#[test]
fn loaded_matching_is_inflected_case_insensitive_and_whole_word() {
    let l = loaded("The army is toppling statues while the REGIME topples its rivals.");
    let texts: Vec<&str> = l.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(texts, ["toppling", "REGIME", "topples"]);
    assert!(loaded("The regimental band played.").is_empty());
    assert!(loaded("The sanctions regime was tightened again.").is_empty());
    assert!(loaded("Amnesty International said the vote was fair.").is_empty());
    let l = loaded("Critics slammed the plan as a terror group kidnapped aid workers.");
    let groups: Vec<&str> = l.iter().map(|(_, g, _)| g.as_str()).collect();
    // "kidnapped" names the crime (a topic word), not a judgement.
    assert_eq!(groups, ["criticism_verbs", "terror_label"]);
}

#[test]
fn the_longest_loaded_phrase_wins_and_neutral_wording_is_reported() {
    let l = loaded("Officials of the Assad regime met in Damascus.");
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].0, "the Assad regime");
    let f = one(
        "The president was removed from power after the military operation.",
        "president",
    );
    assert!(f.loaded_terms.is_empty());
    let n: Vec<(&str, &str)> = f
        .neutral_terms
        .iter()
        .map(|t| (t.text.as_str(), t.group.as_str()))
        .collect();
    assert!(
        n.contains(&("removed from power", "removal_from_power")),
        "{n:?}"
    );
    assert!(n.contains(&("military operation", "invasion")), "{n:?}");
}

// ---- numbers ----

fn numbers(s: &str) -> Vec<NumberValue> {
    one(s, &s[..8]).numbers
}

#[test]
fn figures_percentages_and_money() {
    let n = numbers("Officials said 1,200 people were displaced and 3.5 percent of homes damaged.");
    assert_eq!(n.len(), 2, "{n:?}");
    assert_eq!(n[0].value, Some(1200.0));
    assert_eq!(n[0].unit.as_deref(), Some("people"));
    assert_eq!(n[1].value, Some(3.5));
    assert_eq!(n[1].kind, NumberKind::Percent);
    let n = numbers("The fund will pay $4 million to families, about 25% of its budget.");
    assert_eq!(n[0].kind, NumberKind::Money);
    assert_eq!(n[0].value, Some(4e6));
    assert_eq!(n[0].unit.as_deref(), Some("USD"));
    assert_eq!(n[0].text, "$4 million");
    assert_eq!(n[1].kind, NumberKind::Percent);
    assert_eq!(n[1].qualifier.as_deref(), Some("about"));
    assert_eq!(
        (n[1].low, n[1].high),
        (Some(25.0 * 0.85), Some(25.0 * 1.15))
    );
    let n = numbers("Damage was put at 2.8 billion euros.");
    assert_eq!(n[0].value, Some(2.8e9));
    assert_eq!(n[0].unit.as_deref(), Some("EUR"));
}

#[test]
fn qualifiers_loosen_the_figure() {
    let n = numbers("More than 1,000 protesters gathered, and at least 12 were hurt.");
    assert_eq!(n[0].text, "More than 1,000");
    assert_eq!((n[0].low, n[0].high), (Some(1000.0), None));
    assert!(n[0].approximate && !n[0].vague);
    assert_eq!(n[1].qualifier.as_deref(), Some("at least"));
    let n = numbers("Nearly 50 trucks crossed in up to three days.");
    assert_eq!((n[0].low, n[0].high), (Some(42.5), Some(50.0)));
    assert_eq!(n[1].qualifier.as_deref(), Some("up to"));
    assert_eq!((n[1].low, n[1].high), (None, Some(3.0)));
    assert_eq!(n[1].unit.as_deref(), Some("days"));
}

#[test]
fn spelled_vague_ranges_and_ordinals() {
    let n = numbers(
        "It has launched hundreds of airstrikes and dozens of raids, killing twenty-five soldiers.",
    );
    assert_eq!(n[0].text, "hundreds");
    assert!(n[0].vague && n[0].value.is_none());
    assert_eq!((n[0].low, n[0].high), (Some(200.0), Some(999.0)));
    assert_eq!(n[0].unit.as_deref(), Some("airstrikes"));
    assert_eq!(n[1].qualifier.as_deref(), Some("dozens"));
    assert_eq!(n[2].value, Some(25.0));
    assert_eq!(n[2].unit.as_deref(), Some("soldiers"));
    let n = numbers(
        "Three hundred and fifty families fled, joining hundreds of thousands of refugees.",
    );
    assert_eq!(n[0].value, Some(350.0));
    assert_eq!((n[1].low, n[1].high), (Some(2e5), Some(999_999.0)));
    assert_eq!(n[1].unit.as_deref(), Some("refugees"));
    let n = numbers("Between 10 and 20 rockets were fired during the fifth round of talks.");
    assert_eq!(n[0].text, "Between 10 and 20");
    assert_eq!(
        (n[0].value, n[0].low, n[0].high),
        (None, Some(10.0), Some(20.0))
    );
    assert_eq!(n[0].unit.as_deref(), Some("rockets"));
    assert_eq!(n[1].kind, NumberKind::Ordinal);
    assert_eq!(n[1].value, Some(5.0));
    assert_eq!(n[1].unit.as_deref(), Some("round"));
    let n = numbers("The two countries hold talks with a million people watching.");
    assert_eq!(n[0].value, Some(2.0));
    assert_eq!(n[0].unit.as_deref(), Some("countries"));
    assert_eq!(n[1].value, Some(1e6));
}

#[test]
fn dates_names_and_times_are_not_quantities() {
    assert!(
        numbers("Israeli Channel 12 reported the plan at 10 a.m. on December 8, 2024.").is_empty()
    );
    assert!(numbers("One of the officials said the 1990s were different.").is_empty());
    let n = numbers("Talks between the two countries had stalled in 1974.");
    assert_eq!(n.len(), 1);
}

// ---- dates ----

fn dates(s: &str) -> Vec<DateValue> {
    one(s, &s[..8]).dates
}

#[test]
fn the_issues_dates_relations_and_vagueness() {
    let d = dates("Syria is calling for Israel to return to pre-2024 positions.");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].text, "pre-2024");
    assert_eq!(d[0].value.as_deref(), Some("2024"));
    assert_eq!(d[0].relation, Some(DateRelation::Before));
    assert_eq!(d[0].precision, DatePrecision::Year);
    assert!(d[0].vague);
    let d = dates(
        "Damascus will seek the withdrawal of Israeli forces to the lines prior to Dec. 8, 2024.",
    );
    assert_eq!(d[0].text, "prior to Dec. 8, 2024");
    assert_eq!(d[0].value.as_deref(), Some("2024-12-08"));
    assert_eq!(d[0].relation, Some(DateRelation::Before));
    assert!(!d[0].vague);
    let d = dates("Syria wants a withdrawal to positions held before December 2024.");
    assert_eq!(d[0].value.as_deref(), Some("2024-12"));
    assert_eq!(d[0].precision, DatePrecision::Month);
    assert_eq!(d[0].relation, Some(DateRelation::Before));
}

#[test]
fn qualifiers_decades_since_and_following() {
    let d = dates("Tensions rose after the late 2024 ouster of the president.");
    assert_eq!(d[0].qualifier.as_deref(), Some("late"));
    assert_eq!(d[0].relation, Some(DateRelation::After));
    assert!(d[0].vague);
    let d =
        dates("Israel has held the Golan Heights since 1967, and since the 1990s talks failed.");
    assert_eq!(d[0].relation, Some(DateRelation::Since));
    assert_eq!(d[1].value.as_deref(), Some("1990s"));
    assert_eq!(d[1].precision, DatePrecision::Decade);
    let d = dates("The zone was set up following the 1973 Middle East war.");
    assert_eq!(d[0].relation, Some(DateRelation::After));
    assert_eq!(d[0].value.as_deref(), Some("1973"));
}

#[test]
fn months_and_days_without_a_year_resolve_against_publication() {
    let a = article_on(
        "Trump met Netanyahu in December in Florida, and again on Dec. 15 and on Tuesday.",
        NaiveDate::from_ymd_opt(2026, 1, 7),
    );
    let d = of(&a, "Florida").dates;
    let v: Vec<(&str, Option<&str>, DatePrecision)> = d
        .iter()
        .map(|d| (d.text.as_str(), d.value.as_deref(), d.precision))
        .collect();
    assert_eq!(
        v,
        [
            ("December", Some("2025-12"), DatePrecision::Month),
            ("Dec. 15", Some("2025-12-15"), DatePrecision::Day),
            ("Tuesday", Some("2026-01-06"), DatePrecision::Day),
        ]
    );
    // Undated: the words stay, marked vague when coarser than a day.
    let d = dates("Trump met Netanyahu during a meeting in December in Florida.");
    assert_eq!(d[0].value.as_deref(), Some("December"));
    assert!(d[0].vague);
}

// ---- comparison ----

fn date_of(s: &str) -> DateValue {
    dates(s).into_iter().next().unwrap()
}

fn number_of(s: &str) -> NumberValue {
    numbers(s).into_iter().next().unwrap()
}

#[test]
fn comparing_the_seeds_withdrawal_dates() {
    let pre = date_of("Israel must return to pre-2024 positions.");
    let prior = date_of("Israel must return to the lines prior to Dec. 8, 2024.");
    let before_month = date_of("Israel must return to positions held before December 2024.");
    let before_day = date_of("Israel must return to positions held before 8 December 2024.");
    assert_eq!(compare_date(&pre, &prior), Some(Agreement::FirstVaguer));
    assert_eq!(compare_date(&prior, &pre), Some(Agreement::SecondVaguer));
    assert_eq!(
        compare_date(&before_month, &prior),
        Some(Agreement::FirstVaguer)
    );
    assert_eq!(compare_date(&before_day, &prior), Some(Agreement::Agree));
    let toppled = date_of("Assad was toppled on December 8, 2024.");
    let other_day = date_of("Assad was toppled on December 9, 2024.");
    assert_eq!(
        compare_date(&toppled, &other_day),
        Some(Agreement::Disagree)
    );
    assert_eq!(compare_date(&toppled, &prior), None, "different relations");
}

#[test]
fn comparing_numbers() {
    let exact = number_of("Officials said 1,200 people were displaced.");
    let more = number_of("Officials said more than 1,000 people were displaced.");
    let hundreds = number_of("Officials said hundreds of people were displaced.");
    let same = number_of("Officials said 1,200 people had fled.");
    let pct = number_of("Officials said 12% of people were displaced.");
    let rockets = number_of("Officials said 1,200 rockets were fired.");
    assert_eq!(compare_number(&exact, &same), Some(Agreement::Agree));
    assert_eq!(compare_number(&more, &exact), Some(Agreement::FirstVaguer));
    assert_eq!(compare_number(&hundreds, &exact), Some(Agreement::Disagree));
    assert_eq!(compare_number(&exact, &pct), None);
    assert_eq!(compare_number(&exact, &rockets), None);
    let c = compare_numbers(
        &[exact.clone(), rockets.clone()],
        &[hundreds.clone(), more.clone()],
    );
    assert_eq!(
        c.pairs,
        [Compared {
            a: 0,
            b: 1,
            agreement: Agreement::SecondVaguer
        }]
    );
    assert_eq!(
        (c.only_a.as_slice(), c.only_b.as_slice()),
        (&[1][..], &[0][..])
    );
    // One figure each for the same thing: paired even when they disagree.
    let c = compare_numbers(&[exact], &[hundreds]);
    assert_eq!(c.pairs[0].agreement, Agreement::Disagree);
}

#[test]
fn comparing_date_lists() {
    let a = dates("Assad fell on December 8, 2024, and Israel wants pre-2024 lines.");
    let b = dates(
        "Israel must return to the lines prior to Dec. 8, 2024, after the fall in December 2024.",
    );
    let c = compare_dates(&a, &b);
    let got: Vec<(usize, usize, Agreement)> =
        c.pairs.iter().map(|p| (p.a, p.b, p.agreement)).collect();
    assert!(got.contains(&(1, 0, Agreement::FirstVaguer)), "{got:?}");
    assert!(got.contains(&(0, 1, Agreement::SecondVaguer)), "{got:?}");
}

// ---- robustness and the whole article ----

#[test]
fn odd_spans_frame_as_nothing() {
    let a = article("Officials said 1,200 people “were displaced.");
    assert_eq!(frame(&a, Span::new(0, 0)), Framing::default());
    assert_eq!(frame(&a, Span::new(100_000, 100_010)), Framing::default());
    let p = a.passages.iter().find(|p| p.text.contains('“')).unwrap();
    // Not on a character boundary (inside “).
    let q = p.text.find('“').unwrap();
    assert_eq!(
        frame(&a, Span::new(p.span.start + q + 1, p.span.end)),
        Framing::default()
    );
    // Unbalanced quotation: runs to the end, never panics.
    let f = of(&a, "Officials");
    assert_eq!(f.quotes.len(), 1);
    assert!(f.quotes[0].continues);
}

#[test]
fn odd_text_never_panics() {
    for body in [
        "“",
        "\"\"\"\"",
        "'''",
        "” he said.",
        "Ça a été dit, selon l’AFP, que 1 200 personnes étaient là.",
        "Израиль заявил, что «переговоры» продолжатся.",
        "以色列和叙利亚恢复谈判。",
        "according to",
        "said",
        "More than",
        "$",
        "between 5 and",
        "what was described as",
        "He said: \"",
        "🙂 officials said 🙂 “🙂” 12% 🙂",
    ] {
        let a = article(body);
        for (_, f) in frame_article(&a) {
            let _ = serde_json::to_string(&f).unwrap();
        }
    }
}

#[test]
fn frame_article_frames_every_sentence_like_frame() {
    let a = article(
        "Officials said the dialogue would continue. The official added that 1,200 people fled.\n\n“We are ready,” he said. Syria reportedly wants pre-2024 lines.",
    );
    let all = frame_article(&a);
    let n: usize = a.passages.iter().map(|p| p.sentences.len()).sum();
    assert_eq!(all.len(), n);
    for (sp, f) in &all {
        assert_eq!(*f, frame(&a, *sp));
    }
    // Every span points at its words.
    for (_, f) in &all {
        for h in &f.hedges {
            assert_eq!(text_at(&a, h.span), h.text);
        }
        for d in &f.dates {
            assert_eq!(text_at(&a, d.span), d.text);
        }
        for n in &f.numbers {
            assert_eq!(text_at(&a, n.span), n.text);
        }
        for q in &f.quotes {
            assert_eq!(text_at(&a, q.span), q.text);
        }
    }
}

#[test]
fn framing_serialises_with_the_issues_field_names() {
    let f = one(
        "A Syrian official told the Associated Press that Damascus reportedly seeks pre-2024 lines, citing “strategic files”.",
        "Syrian",
    );
    let v = serde_json::to_value(&f).unwrap();
    for k in [
        "attributions",
        "hedges",
        "loaded_terms",
        "numbers",
        "dates",
        "quotes",
    ] {
        assert!(v.get(k).is_some(), "{k} missing in {v}");
    }
    let a = &v["attributions"][0];
    for k in [
        "source",
        "via",
        "verb",
        "anonymous",
        "span",
        "position",
        "covers",
        "clause",
        "origin",
    ] {
        assert!(a.get(k).is_some(), "attributions[0].{k} missing in {a}");
    }
    assert_eq!(v["dates"][0]["relation"], "before");
    assert_eq!(a["origin"], "sentence");
    assert_eq!(a["position"], "before");
    assert_eq!(a["clause"], "main");
    assert!(a["covers"]["start"].as_u64() >= a["span"]["end"].as_u64());
    // The shape read back is the shape written.
    let back: Framing = serde_json::from_value(v).unwrap();
    assert_eq!(back, f);
}

// ---- attribution: reporting participles ----

#[test]
fn comma_saying_takes_the_subject_of_the_clause_it_hangs_on() {
    let f = one(
        "The European Union rejected the proposal on Tuesday, saying it would hurt farmers.",
        "farmers",
    );
    let at = attr(&f);
    assert_eq!(at.source, "European Union");
    assert_eq!(at.verb, "saying");
    assert!(!at.distance);
}

#[test]
fn by_saying_takes_the_subject_of_the_clause_it_hangs_on() {
    let f = one(
        "Mayor Linda Okafor defended the curfew by saying it had cut crime in the district.",
        "curfew",
    );
    let at = attr(&f);
    assert!(at.source.contains("Linda Okafor"), "{:?}", at.source);
    assert_eq!(at.verb, "saying");
}

#[test]
fn participle_that_casts_doubt_needs_a_clause() {
    let f = one(
        "The union walked out of the talks, claiming that the company had lied about profits.",
        "profits",
    );
    let at = attr(&f);
    assert_eq!(at.source, "The union");
    assert_eq!(at.verb, "claiming");
    assert!(at.distance);
    // "warning" without a reported clause is a noun phrase, not a report.
    let f = one(
        "Residents ignored the storm, warning signs and all, and stayed home.",
        "Residents",
    );
    assert!(f.attributions.is_empty(), "{:?}", f.attributions);
}

#[test]
fn participle_after_a_reporting_clause_adds_no_second_source() {
    let f = one(
        "The senator said the bill was dead, adding that she would try again next year.",
        "bill",
    );
    let at = attr(&f);
    assert_eq!(at.verb, "said");
    assert!(others(&f).iter().all(|o| o.verb != "adding"));
}

#[test]
fn saying_as_a_noun_opens_no_clause() {
    let f = one(
        "There is an old saying in the village about patience and rain.",
        "village",
    );
    assert!(f.attributions.is_empty(), "{:?}", f.attributions);
}

// ---- attribution: long anonymous sources ----

#[test]
fn long_anonymous_source_keeps_its_relative_clause() {
    let f = one(
        "A senior city official who spoke on condition of anonymity because he was not authorized to discuss the budget said the plan was dead.",
        "plan was dead",
    );
    let at = attr(&f);
    assert!(
        at.source.starts_with("A senior city official who spoke"),
        "{:?}",
        at.source
    );
    assert!(at.source.ends_with("the budget"), "{:?}", at.source);
    assert_eq!(at.verb, "said");
    assert!(at.anonymous);
}

#[test]
fn subordinate_clause_without_a_relative_still_ends_the_subject() {
    // No "who": "because" opens the clause whose subject reports.
    let f = one(
        "The vote was delayed because the chairman said the count was incomplete.",
        "count",
    );
    assert_eq!(attr(&f).source, "the chairman");
}

// ---- attribution: pronoun sources agree in gender and number ----

#[test]
fn she_skips_a_man_to_the_nearest_woman() {
    let a = article(
        "Mrs. Amara Diallo met Mr. Tomas Berg in Geneva on Monday. Tomas Berg said the deal was close. She said the talks would continue next week.",
    );
    let f = of(&a, "next week");
    let at = attr(&f);
    assert_eq!(at.as_written.as_deref(), Some("She"));
    assert!(at.source.contains("Diallo"), "{:?}", at.source);
}

#[test]
fn he_with_only_a_woman_before_stays_unresolved() {
    let a = article(
        "Mrs. Amara Diallo said the deal was close. He said the talks would continue next week.",
    );
    let f = of(&a, "next week");
    let at = attr(&f);
    assert_eq!(at.source, "He");
    assert!(at.as_written.is_none());
}

#[test]
fn they_is_never_one_named_person() {
    let a = article(
        "The dockworkers' union said it would strike. Tomas Berg said the deal was close. They said the talks would continue next week.",
    );
    let f = of(&a, "next week");
    let at = attr(&f);
    assert!(!at.source.contains("Berg"), "{:?}", at.source);
    assert!(at.source.contains("union"), "{:?}", at.source);
}

// ---- attribution: the source before the clause, and two sources in one sentence ----

#[test]
fn according_to_a_named_body_opening_the_sentence() {
    let f = one(
        "According to the Ministry of Health, the clinic closed in March.",
        "clinic",
    );
    let at = attr(&f);
    assert_eq!(at.source, "Ministry of Health");
    assert_eq!(at.verb, "according to");
}

#[test]
fn participial_phrase_between_a_named_subject_and_said() {
    let f = one(
        "Omar Haddad, speaking on local radio, said that the bridge would reopen.",
        "bridge",
    );
    let at = attr(&f);
    assert_eq!(at.source, "Omar Haddad");
    assert_eq!(at.verb, "said");
}

#[test]
fn prepositional_aside_between_a_named_subject_and_its_verb() {
    let f = one(
        "Omar Haddad, in a statement on Friday evening, said that the bridge would reopen.",
        "bridge",
    );
    let at = attr(&f);
    assert_eq!(at.source, "Omar Haddad");
    assert_eq!(at.verb, "said");
    // "tweet" after an article is a noun, not a reporting verb that ends the aside.
    let f = one(
        "The mayor, in a tweet Friday evening, chided \"reckless planners\" for the delay.",
        "planners",
    );
    assert_eq!(attr(&f).source, "The mayor");
    // Not an aside: the clause before the verb is the subject itself.
    let f = one(
        "In the capital, the mayor said that the bridge would reopen.",
        "bridge",
    );
    assert_eq!(attr(&f).source, "the mayor");
}

#[test]
fn two_speakers_in_one_sentence_give_two_attributions() {
    let f = one(
        "The mayor said the plan was dead, and the governor said it would be revived.",
        "revived",
    );
    assert_eq!(attr(&f).source, "The mayor");
    assert_eq!(others(&f).len(), 1);
    assert_eq!(others(&f)[0].source, "the governor");
}

#[test]
fn participle_gives_a_second_source_beside_a_reporting_clause() {
    let f = one(
        "The mayor said the plan was dead, but the council rejected that view, saying it would be revived.",
        "revived",
    );
    assert_eq!(attr(&f).source, "The mayor");
    assert!(
        others(&f)
            .iter()
            .any(|o| o.source == "the council" && o.verb == "saying"),
        "{:?}",
        others(&f)
    );
}

// ---- attribution as a list: position, the clause covered, nesting ----

/// The sentence text an attribution's `covers` points at.
fn covered<'a>(a: &'a Article, at: &Attribution) -> &'a str {
    text_at(a, at.covers)
}

#[test]
fn position_before_after_and_inside_with_the_clause_covered() {
    for (body, position, covers) in [
        (
            "According to the Ministry of Health, the clinic closed in March.",
            Position::Before,
            "the clinic closed in March",
        ),
        (
            "Officials said that the clinic closed in March.",
            Position::Before,
            "the clinic closed in March",
        ),
        (
            "On Monday, the ministry said that the clinic closed in March.",
            Position::Before,
            "the clinic closed in March",
        ),
        (
            "The clinic closed in March, the ministry said on Monday.",
            Position::After,
            "The clinic closed in March",
        ),
        (
            "“The clinic closed in March,” said the minister.",
            Position::After,
            "The clinic closed in March",
        ),
        (
            "The clinic closed in March, according to the ministry.",
            Position::After,
            "The clinic closed in March",
        ),
        (
            "In the new round of talks, the minister said, the clinic will reopen in March.",
            Position::Inside,
            "In the new round of talks, the minister said, the clinic will reopen in March",
        ),
        (
            "The clinic, according to the ministry, closed in March.",
            Position::Inside,
            "The clinic, according to the ministry, closed in March",
        ),
    ] {
        let a = article(body);
        let f = of(&a, "clinic");
        assert_eq!(f.attributions.len(), 1, "{body}: {:?}", f.attributions);
        let at = &f.attributions[0];
        assert_eq!(at.position, position, "{body}");
        assert_eq!(covered(&a, at), covers, "{body}");
        assert_eq!(at.clause, Clause::Main, "{body}");
    }
}

#[test]
fn a_quotation_split_by_its_attribution_is_covered_on_both_sides() {
    let a = article("“We are ready,” the minister said, “and we will sign on Friday.”");
    let f = of(&a, "ready");
    let at = attr(&f);
    assert_eq!(at.position, Position::Inside);
    assert_eq!(
        covered(&a, at),
        "We are ready,” the minister said, “and we will sign on Friday"
    );
}

#[test]
fn it_says_in_the_middle_of_a_clause_is_inside_it() {
    let a = article(
        "Israel has also carried out operations it says are aimed at protecting the Druze religious minority.",
    );
    let f = of(&a, "operations");
    let at = attr(&f);
    assert_eq!(at.position, Position::Inside);
    assert!(covered(&a, at).ends_with("the Druze religious minority"));
}

#[test]
fn two_coordinated_sources_each_cover_their_own_clause() {
    let a = article(
        "The mayor said the plan was dead, and the governor told Reuters it would be revived.",
    );
    let f = of(&a, "revived");
    let [mayor, governor] = f.attributions.as_slice() else {
        panic!("two sources: {:?}", f.attributions);
    };
    assert_eq!(mayor.source, "The mayor");
    assert_eq!(covered(&a, mayor), "the plan was dead");
    assert_eq!(governor.source, "the governor");
    assert_eq!(governor.via.as_deref(), Some("Reuters"));
    assert_eq!(governor.verb, "told");
    assert_eq!(covered(&a, governor), "it would be revived");
    for x in [mayor, governor] {
        assert_eq!((x.position, x.clause), (Position::Before, Clause::Main));
    }
    assert_eq!(f.governing().map(|g| g.source.as_str()), Some("The mayor"));
}

#[test]
fn a_source_citing_another_gives_both() {
    let a = article("The ministry, citing two witnesses, said the convoy was hit near the border.");
    let f = of(&a, "convoy");
    let sources: Vec<(&str, &str, Option<&str>)> = f
        .attributions
        .iter()
        .map(|x| (x.source.as_str(), x.verb.as_str(), x.via.as_deref()))
        .collect();
    assert_eq!(
        sources,
        [
            ("The ministry", "said", None),
            ("two witnesses", "citing", Some("The ministry")),
        ]
    );
    for x in &f.attributions {
        assert_eq!(covered(&a, x), "the convoy was hit near the border");
        assert_eq!(x.position, Position::Before);
    }
    // "Reuters reported, citing …": the relay and the source it cites.
    let a = article(
        "Trump will delay the tariffs, the Wall Street Journal reported, citing a senior administration official.",
    );
    let f = of(&a, "tariffs");
    let sources: Vec<(&str, &str, bool)> = f
        .attributions
        .iter()
        .map(|x| (x.source.as_str(), x.verb.as_str(), x.anonymous))
        .collect();
    assert_eq!(
        sources,
        [
            ("Wall Street Journal", "reported", false),
            ("a senior administration official", "citing", true),
        ]
    );
    assert_eq!(
        f.attributions[1].via.as_deref(),
        Some("The Wall Street Journal"),
        "the relay by its outlet name"
    );
    for x in &f.attributions {
        assert_eq!(x.position, Position::After);
        assert_eq!(covered(&a, x), "Trump will delay the tariffs");
    }
}

#[test]
fn nested_report_the_outer_source_covers_the_whole_report() {
    let a = article(
        "Former FBI director James Comey wrote that President Trump told him the investigation was over.",
    );
    let f = of(&a, "investigation");
    let [comey, trump] = f.attributions.as_slice() else {
        panic!("two sources: {:?}", f.attributions);
    };
    assert!(comey.source.ends_with("James Comey"), "{:?}", comey.source);
    assert_eq!(comey.verb, "wrote");
    assert_eq!(comey.clause, Clause::Main);
    assert_eq!(
        covered(&a, comey),
        "President Trump told him the investigation was over"
    );
    assert_eq!(
        (trump.source.as_str(), trump.verb.as_str()),
        ("President Trump", "told")
    );
    assert_eq!(trump.clause, Clause::Reported);
    assert_eq!(covered(&a, trump), "the investigation was over");
    assert_eq!(f.governing(), Some(comey));
    let outer: Vec<&Attribution> = f.outlet_sources().collect();
    assert_eq!(outer, [comey]);
}

#[test]
fn a_closing_source_holds_the_report_before_it() {
    let a = article("The mayor said the plan was dead, a spokesman said.");
    let f = of(&a, "plan");
    let [mayor, spokesman] = f.attributions.as_slice() else {
        panic!("two sources: {:?}", f.attributions);
    };
    assert_eq!(spokesman.source, "a spokesman");
    assert_eq!(
        (spokesman.position, spokesman.clause),
        (Position::After, Clause::Main)
    );
    assert_eq!(covered(&a, spokesman), "The mayor said the plan was dead");
    assert_eq!(mayor.clause, Clause::Reported);
    assert_eq!(covered(&a, mayor), "the plan was dead");
    assert_eq!(
        f.governing().map(|g| g.source.as_str()),
        Some("a spokesman")
    );
}

#[test]
fn passive_report_in_a_relative_clause_covers_what_it_reported() {
    let a = article(
        "Pompeo's trip, which was first reported by The Washington Post, came to light on Monday.",
    );
    let f = of(&a, "trip");
    let at = attr(&f);
    assert_eq!(at.source, "Washington Post");
    assert_eq!(
        (at.position, at.clause),
        (Position::After, Clause::Subordinate)
    );
    assert_eq!(covered(&a, at), "Pompeo's trip");
}

#[test]
fn an_inherited_source_covers_the_whole_sentence() {
    let a = article(
        "“We will not sign,” the minister said. “The offer is an insult to our farmers and to our history.”",
    );
    let f = of(&a, "insult");
    let at = attr(&f);
    assert_eq!(at.origin, AttributionOrigin::Inherited);
    assert_eq!(at.position, Position::Before);
    assert!(
        covered(&a, at).contains("The offer is an insult"),
        "{:?}",
        covered(&a, at)
    );
}

#[test]
fn a_pronoun_without_a_compatible_speaker_is_left_as_written() {
    // "they" is never the one person named before; nothing else qualifies.
    let a = article(
        "Tomas Berg said the deal was close. They said the talks would continue next week.",
    );
    let f = of(&a, "next week");
    let at = attr(&f);
    assert_eq!(at.source, "They");
    assert_eq!(at.as_written, None);
    assert_eq!(at.origin, AttributionOrigin::Sentence);
    // "she" with no woman named before stays "she" too, however many men were.
    let a = article(
        "Mr. Tomas Berg met Mr. Omar Haddad in Geneva. Mr. Berg said the deal was close. She said the talks would continue.",
    );
    let f = of(&a, "would continue");
    assert_eq!(attr(&f).source, "She");
}

// ---- attribution as a list: the issue's cases, each source with its whole record ----

/// One attribution as the issue lists it: source, verb, position, clause, what it covers,
/// anonymous, via.
#[derive(Debug, PartialEq)]
struct Listed<'a> {
    source: &'a str,
    verb: &'a str,
    position: Position,
    clause: Clause,
    covers: &'a str,
    anonymous: bool,
    via: Option<&'a str>,
}

fn listed<'a>(a: &'a Article, f: &'a Framing) -> Vec<Listed<'a>> {
    f.attributions
        .iter()
        .map(|x| Listed {
            source: &x.source,
            verb: &x.verb,
            position: x.position,
            clause: x.clause,
            covers: covered(a, x),
            anonymous: x.anonymous,
            via: x.via.as_deref(),
        })
        .collect()
}

/// The list for the sentence of `body` holding `needle`.
fn list_of(body: &str, needle: &str, want: &[Listed<'_>]) {
    let a = article(body);
    let f = of(&a, needle);
    assert_eq!(listed(&a, &f), want, "{body}");
}

#[test]
fn each_position_with_its_verb_clause_and_coverage() {
    use Clause::Main;
    use Position::{After, Before, Inside};
    let row = |source, verb, position, covers| Listed {
        source,
        verb,
        position,
        clause: Main,
        covers,
        anonymous: false,
        via: None,
    };
    list_of(
        "According to the White House, the president will travel to Seoul next month.",
        "Seoul",
        &[row(
            "White House",
            "according to",
            Before,
            "the president will travel to Seoul next month",
        )],
    );
    list_of(
        "Secretary of State Mike Pompeo said that the talks had been productive.",
        "talks",
        &[row(
            "Secretary of State Mike Pompeo",
            "said",
            Before,
            "the talks had been productive",
        )],
    );
    list_of(
        "The talks had been productive, Pompeo said.",
        "talks",
        &[row(
            "Pompeo",
            "said",
            After,
            "The talks had been productive",
        )],
    );
    list_of(
        "“The talks have been productive,” said Pompeo.",
        "talks",
        &[row(
            "Pompeo",
            "said",
            After,
            "The talks have been productive",
        )],
    );
    list_of(
        "The talks, Pompeo said, had been productive.",
        "talks",
        &[row(
            "Pompeo",
            "said",
            Inside,
            "The talks, Pompeo said, had been productive",
        )],
    );
    list_of(
        "The White House dismissed the report on Friday, saying it was false.",
        "report",
        &[row("White House", "saying", Before, "it was false")],
    );
    list_of(
        "The union walked out, claiming the company had lied about profits.",
        "profits",
        &[row(
            "The union",
            "claiming",
            Before,
            "the company had lied about profits",
        )],
    );
}

#[test]
fn a_speaker_on_a_programme_tells_it_through_that_outlet() {
    // Named in full once, then by surname, as news does.
    list_of(
        "National security adviser Susan Rice defended the policy on Sunday. Rice, speaking on PBS, said that the sanctions were working.",
        "sanctions",
        &[Listed {
            source: "Rice",
            verb: "said",
            position: Position::Before,
            clause: Clause::Main,
            covers: "the sanctions were working",
            anonymous: false,
            // The outlet by the name the outlet list gives it.
            via: Some("PBS NewsHour"),
        }],
    );
}

#[test]
fn a_source_told_an_outlet_is_relayed_by_it() {
    list_of(
        "Sen. Lindsey Graham told CNN on Sunday that the deal was a mistake.",
        "deal",
        &[Listed {
            source: "Sen. Lindsey Graham",
            verb: "told",
            position: Position::Before,
            clause: Clause::Main,
            covers: "the deal was a mistake",
            anonymous: false,
            via: Some("CNN"),
        }],
    );
}

#[test]
fn a_long_anonymous_source_is_one_source_before_its_clause() {
    list_of(
        "A senior administration official who spoke on condition of anonymity said the summit would go ahead.",
        "summit",
        &[Listed {
            source: "A senior administration official who spoke on condition of anonymity",
            verb: "said",
            position: Position::Before,
            clause: Clause::Main,
            covers: "the summit would go ahead",
            anonymous: true,
            via: None,
        }],
    );
}

#[test]
fn two_sources_in_one_sentence_each_with_their_record() {
    list_of(
        "Moon Jae-in said the summit would go ahead, while a North Korean official told Reuters it was in doubt.",
        "summit",
        &[
            Listed {
                source: "Moon Jae-in",
                verb: "said",
                position: Position::Before,
                clause: Clause::Main,
                covers: "the summit would go ahead",
                anonymous: false,
                via: None,
            },
            Listed {
                source: "a North Korean official",
                verb: "told",
                position: Position::Before,
                clause: Clause::Main,
                covers: "it was in doubt",
                anonymous: true,
                via: Some("Reuters"),
            },
        ],
    );
}

#[test]
fn she_said_goes_to_the_nearest_earlier_woman_or_stays_she() {
    // Resolved: the nearer speaker is a man, so "she" passes over him to the woman.
    let a = article(
        "Ms. Nikki Haley said the vote was a disgrace. Mr. Vassily Nebenzia said the resolution was biased. She said the United States would cut its funding.",
    );
    let f = of(&a, "cut its funding");
    let at = attr(&f);
    assert!(at.source.contains("Nikki Haley"), "{:?}", at.source);
    assert_eq!(at.as_written.as_deref(), Some("She"));
    assert_eq!(at.origin, AttributionOrigin::Resolved);
    // Unresolved: every earlier speaker is a man or a group; "she" is kept as written.
    let a = article(
        "Mr. Vassily Nebenzia said the resolution was biased. Diplomats said the vote was close. She said the United States would cut its funding.",
    );
    let f = of(&a, "cut its funding");
    let at = attr(&f);
    assert_eq!(at.source, "She");
    assert_eq!(at.as_written, None);
    assert_eq!(at.origin, AttributionOrigin::Sentence);
    // "they" is several: it takes the group, never the one man named since.
    let a = article(
        "Diplomats said the vote was close. Mr. Vassily Nebenzia said the resolution was biased. They said the count would be public.",
    );
    let f = of(&a, "count would be public");
    assert_eq!(attr(&f).source, "Diplomats");
    // A head noun tells a gender as a title does: "she" passes over the spokesman.
    let a = article(
        "A State Department spokeswoman said the talks would resume, and a Russian spokesman said the vote was unfair. She said the United States would cut its funding.",
    );
    let f = of(&a, "cut its funding");
    let at = attr(&f);
    assert_eq!(at.source, "A State Department spokeswoman");
    assert_eq!(at.as_written.as_deref(), Some("She"));
}

#[test]
fn judgement_verbs_findings_asides_contractions_and_bare_clauses() {
    for (s, needle, source, verb) in [
        (
            "The lawsuit alleges the Russian government notified the campaign in advance.",
            "alleges",
            "The lawsuit",
            "alleges",
        ),
        (
            "The suit also claims the founder of the site helped the campaign.",
            "claims",
            "The suit",
            "claims",
        ),
        (
            "Several intelligence agencies concluded in a report that hackers broke in.",
            "concluded",
            "Several intelligence agencies",
            "concluded",
        ),
        (
            "Trump has strongly – and repeatedly – denied colluding with the Russians.",
            "denied",
            "Trump",
            "denied",
        ),
        (
            "He's said the allegations are a \"fake story.\"",
            "allegations",
            "He",
            "said",
        ),
        (
            "The party blames Russia for breaches of its computer systems.",
            "blames",
            "The party",
            "blames",
        ),
        (
            // The lawsuit reports (the participle then adds nothing).
            "The party sued the government on Friday, charging that officials conspired.",
            "charging",
            "The party",
            "sued",
        ),
        (
            "The campaign manager called the lawsuit \"frivolous\" in a statement.",
            "frivolous",
            "The campaign manager",
            "called",
        ),
        (
            "The family said the boy was safe.",
            "family",
            "The family",
            "said",
        ),
        (
            "One question asks what the president knew about the meeting.",
            "knew",
            "One question",
            "asks",
        ),
        (
            "\"When did you become aware of the meeting?\" one question asks.",
            "aware",
            "one question",
            "asks",
        ),
    ] {
        let f = one(s, needle);
        let a = f
            .governing()
            .unwrap_or_else(|| panic!("no attribution: {s}"));
        assert_eq!((a.source.as_str(), a.verb.as_str()), (source, verb), "{s}");
    }
    // Not reports: a judgement verb whose object went before it, naming without a quotation,
    // an inference.
    for s in [
        "He granted an exemption as part of a trade pact that he sharply criticized.",
        "The mayor called a meeting for Tuesday.",
        "The lawyer resigned, concluding that his client was ignoring his advice.",
        "Delegates, who do not enjoy formal relations, concluded a fifth round of talks in Paris.",
    ] {
        assert!(one(s, &s[..10]).attributions.is_empty(), "{s}");
    }
    // A source after a "citing" clause (it once sliced the sentence backwards and panicked).
    let s = "Senators are concerned about the way the war is conducted, citing its toll on \
             civilians, our correspondent adds.";
    let f = one(s, "Senators");
    assert!(
        f.attributions
            .iter()
            .any(|a| a.source == "our correspondent"),
        "{f:?}"
    );
}

/// (source, as written, verb, position, clause, anonymous) of each attribution.
fn sources_of(f: &Framing) -> Vec<(String, Option<String>, String, Position, Clause, bool)> {
    f.attributions
        .iter()
        .map(|a| {
            let (s, w, v) = (a.source.clone(), a.as_written.clone(), a.verb.clone());
            (s, w, v, a.position, a.clause, a.anonymous)
        })
        .collect()
}

#[test]
fn a_named_person_with_a_long_description_before_the_verb_is_the_source() {
    for (text, name, verb) in [
        (
            "Brad Parscale, campaign manager of Donald J. Trump for President, Inc., slammed the \
             suit as \"frivolous\" and predicted it would be dismissed.",
            "Brad Parscale",
            "slammed",
        ),
        (
            "Brad Parscale, the campaign manager for Mr. Trump's 2020 re-election bid, called \
             the D.N.C. allegations a \"sham lawsuit.\"",
            "Brad Parscale",
            "called",
        ),
        (
            "Roger J. Stone Jr., a former campaign adviser to Mr. Trump who is named as a \
             defendant in the suit, dismissed it in an email as \"a conspiracy theory.\"",
            "Roger J. Stone Jr.",
            "dismissed",
        ),
    ] {
        let f = one(text, &text[..10]);
        let got = sources_of(&f);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(
            (got[0].0.as_str(), got[0].2.as_str()),
            (name, verb),
            "{text}"
        );
        assert_eq!(got[0].3, Position::Before, "{text}");
    }
    // A list of names is no description: the whole list speaks.
    let f = one("Smith, Jones and Brown said the plan would fail.", "Smith");
    assert!(
        sources_of(&f).iter().all(|x| x.0.contains("Jones")),
        "{:?}",
        sources_of(&f)
    );
    // Without the words quoted, "called" and "dismissed" report nothing, and a participle
    // after them still does.
    let f = one(
        "The White House dismissed the report on Friday, saying it was false.",
        "White House",
    );
    let got = sources_of(&f);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].2.as_str()),
        ("White House", "saying")
    );
    let f = one("Trump dismissed Comey in May 2017.", "Trump");
    assert!(f.attributions.is_empty(), "{:?}", f.attributions);
    // "described … as “…”" is a judgement voiced like "called"; without the quote it reports
    // nothing.
    let f = one(
        "In a statement Monday, the White House described the 30-day delay as the \"final\" \
         extension.",
        "White House",
    );
    let got = sources_of(&f);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].2.as_str()),
        ("White House", "described")
    );
    let f = one("The witness described the scene to the court.", "witness");
    assert!(f.attributions.is_empty(), "{:?}", f.attributions);
}

#[test]
fn reportedly_and_said_to_attribute_to_sources_the_outlet_does_not_name() {
    let hearsay = |text: &str, needle: &str| {
        sources_of(&one(text, needle))
            .into_iter()
            .filter(|x| x.0.starts_with("unnamed"))
            .collect::<Vec<_>>()
    };
    let got = hearsay(
        "The suit reportedly seeks damages from the defendants.",
        "suit",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    let (source, written, _, position, clause, anonymous) = &got[0];
    assert_eq!(source, "unnamed reports");
    assert_eq!(written.as_deref(), Some("reportedly"));
    assert_eq!(
        (*position, *clause, *anonymous),
        (Position::Inside, Clause::Main, true)
    );
    let got = hearsay(
        "Mueller is said to be weighing whether the president had criminal intent.",
        "Mueller",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "unnamed sources");
    assert_eq!(got[0].1.as_deref(), Some("is said to"));
    assert_eq!(got[0].3, Position::Inside);
    let got = hearsay("The plan was reported to be near completion.", "plan");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "unnamed reports");
    // Opening the sentence, it stands before what it reports.
    let got = hearsay("Reportedly, the two men met in Paris.", "Paris");
    assert_eq!(got[0].3, Position::Before, "{got:?}");
    // Inside a named source's report it is that report's, not the outlet's.
    let got = hearsay(
        "Officials said the suspect was reportedly armed.",
        "suspect",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].4, Clause::Reported);
    // Quoted, it is the speaker's word; "said to" needs its "to".
    assert!(hearsay("“He was reportedly there,” Smith said.", "Smith").is_empty());
    assert!(hearsay("What was said to him is not known.", "known").is_empty());
    assert!(hearsay("The theft was reported to the police on Monday.", "theft").is_empty());
}

#[test]
fn advocates_of_a_side_speak_and_a_participle_reaches_past_a_verb_that_reports_nothing() {
    let src = |body: &str, needle: &str| -> Vec<(String, String)> {
        sources_of(&one(body, needle))
            .into_iter()
            .map(|(who, _, verb, ..)| (who, verb))
            .collect()
    };
    let pair = |who: &str, verb: &str| vec![(who.to_string(), verb.to_string())];
    assert_eq!(
        src(
            "Proponents of the bill say it will stop voter fraud, asserting that an ID is a \
             necessity.",
            "Proponents"
        ),
        pair("Proponents of the bill", "say")
    );
    assert_eq!(
        src(
            "The defense argued for a lenient sentence, claiming that Scott had resisted.",
            "defense"
        ),
        pair("The defense", "claiming")
    );
    assert_eq!(
        src(
            "Judge David Norton heard the case. Norton sided with the government, finding \
             that Slager had committed murder.",
            "Norton sided"
        ),
        pair("Norton", "finding")
    );
    // A participle's agent: "reported by the Times".
    assert_eq!(
        src(
            "Most of the questions reported by the Times ask what Trump knew of the meetings.",
            "questions"
        )
        .into_iter()
        .map(|(who, _)| who)
        .collect::<Vec<_>>(),
        vec!["Times".to_string()]
    );
    // A lawsuit speaks for whoever brings it.
    assert_eq!(
        src(
            "The Democratic Party sued the Russian government and WikiLeaks on Friday.",
            "sued"
        ),
        pair("Democratic Party", "sued")
    );
    // A verb that announces a thing, not a statement, reports nothing; told in a statement,
    // it reports.
    assert_eq!(
        src("Apple announced a new phone on Tuesday.", "Apple"),
        vec![]
    );
    let f = one(
        "Gov. Pat McCrory signed the bill on Monday. His office announced the signing in a \
         statement on Friday afternoon.",
        "His office",
    );
    let at = attr(&f);
    assert_eq!(
        (
            at.source.as_str(),
            at.as_written.as_deref(),
            at.verb.as_str()
        ),
        ("Pat McCrory's office", Some("His office"), "announced")
    );
}
