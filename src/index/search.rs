//! Ranked search over the index: tantivy's query language (phrases, `outlet:` and `title:`
//! fields, AND by default), BM25 ranking, and snippets with highlight byte ranges. Returns the
//! crate's own [`SearchResults`]; no tantivy type leaves this module.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, QueryParser, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{Score, Term};

use super::{IndexError, LibraryIndex, schema, tantivy_err};
use crate::model::{Highlight, SearchHit, SearchResults};

const SNIPPET_CHARS: usize = 180;

/// Headline words weigh this much more than body words.
const TITLE_BOOST: Score = 1.5;

/// Whether every document `q` matches has a term in `field`: a term or phrase on it, a
/// conjunction with such a part, or a disjunction of such parts. Conservative: `false` when
/// unsure (boosted or other wrapped queries).
fn needs_field(q: &dyn Query, field: Field) -> bool {
    if let Some(t) = q.downcast_ref::<TermQuery>() {
        return t.term().field() == field;
    }
    if let Some(p) = q.downcast_ref::<PhraseQuery>() {
        return p.field() == field;
    }
    if let Some(b) = q.downcast_ref::<BooleanQuery>() {
        let clauses = b.clauses();
        let mut must = clauses.iter().filter(|(o, _)| *o == Occur::Must).peekable();
        if must.peek().is_some() {
            return must.any(|(_, q)| needs_field(&**q, field));
        }
        let mut should = clauses
            .iter()
            .filter(|(o, _)| *o == Occur::Should)
            .peekable();
        return b.get_minimum_number_should_match() >= 1
            && should.peek().is_some()
            && should.all(|(_, q)| needs_field(&**q, field));
    }
    false
}

/// Why a search query cannot be read: what is wrong, and where (the character, counted from
/// 1, that the message is about).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at character {column})")]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

/// Words that join query parts.
const OPERATORS: [&str; 3] = ["AND", "OR", "NOT"];

/// Check `query` strictly, as the command line wants it: an unclosed quote or parenthesis, a
/// field with no word after it (`title:`), an unknown field (`foo:bar`), or an operator with
/// nothing to join (`AND AND`, `talks OR`) is an error naming the place. (The search itself is
/// lenient, so the reader can search as the user types.)
pub fn check_query(query: &str) -> Result<(), QueryError> {
    let at = |byte: usize, message: String| QueryError {
        column: query
            .get(..byte.min(query.len()))
            .map_or(1, |s| s.chars().count() + 1),
        message,
    };
    let (ast, errors) = tantivy::query_grammar::parse_query_lenient(query);
    if let Some(e) = errors.first() {
        return Err(explain(query, e.pos, &e.message, at));
    }
    // Words outside quotes, with their byte offsets: an operator at either end joins nothing
    // (the grammar reads it as a word).
    let words = bare_words(query);
    for (i, &(start, w)) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        if (w == "AND" || w == "OR") && (i == 0 || last) || w == "NOT" && last {
            return Err(at(
                start,
                format!("{w} needs a word on each side (to search for the word, write \"{w}\")"),
            ));
        }
    }
    let schema = schema::Fields::new().schema;
    let mut unknown = None;
    fields_of(&ast, &mut |name| {
        if unknown.is_none() && schema.get_field(name).is_err() {
            unknown = Some(name.to_string());
        }
    });
    if let Some(name) = unknown {
        let start = query.find(&format!("{name}:")).unwrap_or(0);
        return Err(at(
            start,
            format!(
                "unknown field `{name}:` (fields: title:, outlet:, body:; to search for the \
                 text itself, put it in quotes)"
            ),
        ));
    }
    Ok(())
}

/// The field names `ast` uses.
fn fields_of(ast: &tantivy::query_grammar::UserInputAst, each: &mut impl FnMut(&str)) {
    use tantivy::query_grammar::{UserInputAst, UserInputLeaf};
    match ast {
        UserInputAst::Clause(parts) => parts.iter().for_each(|(_, a)| fields_of(a, each)),
        UserInputAst::Boost(a, _) => fields_of(a, each),
        UserInputAst::Leaf(leaf) => match &**leaf {
            UserInputLeaf::Literal(l) => l.field_name.iter().for_each(|f| each(f)),
            UserInputLeaf::Range { field, .. }
            | UserInputLeaf::Set { field, .. }
            | UserInputLeaf::Regex { field, .. } => field.iter().for_each(|f| each(f)),
            UserInputLeaf::Exists { field } => each(field),
            UserInputLeaf::All => {}
        },
    }
}

/// The words of `query` outside double quotes, with their byte offsets.
fn bare_words(query: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = None;
    for (i, c) in query.char_indices().chain([(query.len(), ' ')]) {
        if c == '"' {
            quoted = !quoted;
        }
        let boundary = c.is_whitespace() || c == '"' || c == '(' || c == ')';
        match (start, boundary || quoted) {
            (Some(s), true) => {
                out.push((s, &query[s..i]));
                start = None;
            }
            (None, false) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// A readable message for the grammar's complaint `message` at byte `pos` of `query`.
fn explain(
    query: &str,
    pos: usize,
    message: &str,
    at: impl Fn(usize, String) -> QueryError,
) -> QueryError {
    let before = query.get(..pos.min(query.len())).unwrap_or(query);
    let after = query.get(pos..).unwrap_or("");
    if message.starts_with("missing delimiter") {
        let open = before.rfind('"').unwrap_or(0);
        return at(open, "this quote is never closed".into());
    }
    if message.starts_with("expected ')'") {
        // The innermost parenthesis still open at the end.
        let mut open = Vec::new();
        for (i, c) in query.char_indices() {
            match c {
                '(' => open.push(i),
                ')' => {
                    open.pop();
                }
                _ => {}
            }
        }
        return at(
            open.last().copied().unwrap_or(0),
            "this ( is never closed".into(),
        );
    }
    if message.starts_with("expected word") {
        let field = before
            .trim_end()
            .strip_suffix(':')
            .and_then(|f| f.rsplit([' ', '(']).next())
            .filter(|f| !f.is_empty());
        return match field {
            Some(f) => at(
                pos - (before.len() - before.trim_end().len()) - f.len() - 1,
                format!("`{f}:` needs a word after it, like {f}:talks"),
            ),
            None => at(pos, "a word is missing here".into()),
        };
    }
    if message.contains("boolean operator") || message.contains("keyword") {
        let op = bare_words(query)
            .into_iter()
            .find(|(_, w)| OPERATORS.contains(w));
        let (start, w) = op.unwrap_or((pos, "AND"));
        return at(
            start,
            format!("{w} needs a word on each side (to search for the word, write \"{w}\")"),
        );
    }
    match after.chars().next() {
        Some(')') => at(pos, "this ) closes nothing".into()),
        Some('^') => at(pos, "a boost needs a number, like talks^2".into()),
        _ => at(pos, format!("cannot read the query from here ({message})")),
    }
}

/// A query split by the kind of document it can match. Passage documents have a body and no
/// title, article documents a title and no body, so a query over both fields is the union of
/// the same query over bodies, on passages, and over titles, on articles: each document gets the
/// score it would get from the query over both fields, and the two halves are searched apart,
/// without merging every word's title and body postings.
struct Split {
    passages: Box<dyn Query>,
    articles: Box<dyn Query>,
}

impl LibraryIndex {
    /// Parse `query` (leniently: a stray quote or colon never fails) into its two halves.
    fn parse(&self, query: &str) -> Split {
        let passages = self.parse_over(query, self.fields.body, 1.0);
        let passages = self.only(passages, self.fields.body, schema::KIND_PASSAGE);
        let articles = self.parse_over(query, self.fields.title, TITLE_BOOST);
        let articles = self.only(articles, self.fields.title, schema::KIND_ARTICLE);
        Split { passages, articles }
    }

    /// `query` with `field` for its words without a field.
    fn parse_over(&self, query: &str, field: Field, boost: Score) -> Box<dyn Query> {
        let mut parser = QueryParser::for_index(&self.index, vec![field]);
        parser.set_conjunction_by_default();
        if boost != 1.0 {
            parser.set_field_boost(field, boost);
        }
        let (q, errors) = parser.parse_query_lenient(query);
        if !errors.is_empty() {
            tracing::debug!("query {query:?}: {errors:?}");
        }
        q
    }

    /// `q` restricted to documents of kind `kind`, unless it can only match documents that
    /// have `field` (which only that kind has): a query of `outlet:` alone, or of negations,
    /// would otherwise match both kinds.
    fn only(&self, q: Box<dyn Query>, field: Field, kind: &str) -> Box<dyn Query> {
        if needs_field(&*q, field) {
            return q;
        }
        let kind = TermQuery::new(
            Term::from_field_text(self.fields.kind, kind),
            IndexRecordOption::Basic,
        );
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, q),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(kind), 0.0)),
            ),
        ]))
    }

    /// The `limit` best hits for `query`, with the total number of matching documents.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults, IndexError> {
        let split = self.parse(query);
        let searcher = self.reader.searcher();
        let collector = (TopDocs::with_limit(limit.max(1)).order_by_score(), Count);
        let (mut top, passages) = searcher
            .search(&*split.passages, &collector)
            .map_err(|e| tantivy_err(&self.dir, e))?;
        let (top_articles, articles) = searcher
            .search(&*split.articles, &collector)
            .map_err(|e| tantivy_err(&self.dir, e))?;
        // As one search would rank them: by score, ties by address.
        top.extend(top_articles);
        top.sort_by(|(a, x), (b, y)| b.total_cmp(a).then(x.cmp(y)));
        let total = passages + articles;
        let mut body_snippets = None;
        let mut title_snippets = None;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| tantivy_err(&self.dir, e))?;
            let text = |f| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let num = |f| doc.get_first(f).and_then(|v| v.as_u64());
            let passage = num(self.fields.passage);
            let (snippet, title) = if passage.is_some() {
                let generator = match &mut body_snippets {
                    Some(g) => g,
                    None => body_snippets.insert(self.snippets(
                        &searcher,
                        &*split.passages,
                        self.fields.body,
                    )?),
                };
                (generator.snippet_from_doc(&doc), text(self.fields.headline))
            } else {
                let generator = match &mut title_snippets {
                    Some(g) => g,
                    None => title_snippets.insert(self.snippets(
                        &searcher,
                        &*split.articles,
                        self.fields.title,
                    )?),
                };
                (generator.snippet_from_doc(&doc), text(self.fields.title))
            };
            let fallback = if passage.is_some() {
                text(self.fields.body)
            } else {
                title.clone()
            };
            let (snippet, highlights) = render(snippet, fallback.as_deref().unwrap_or(""));
            hits.push(SearchHit {
                article: text(self.fields.article_id).unwrap_or_default(),
                file: text(self.fields.file).unwrap_or_default(),
                outlet: text(self.fields.outlet),
                title,
                passage: passage.map(|p| p as u32),
                score,
                snippet,
                highlights,
                alias: None,
                start: num(self.fields.start).map(|v| v as usize),
                end: num(self.fields.end).map(|v| v as usize),
            });
        }
        Ok(SearchResults {
            query: query.to_string(),
            total,
            hits,
            aliases: Vec::new(),
        })
    }

    /// Byte ranges in `text` of the words `query` looks for in headlines and bodies.
    pub fn query_marks(&self, query: &str, text: &str) -> Vec<Highlight> {
        let split = self.parse(query);
        let mut wanted = std::collections::HashSet::new();
        for q in [&split.passages, &split.articles] {
            q.query_terms(&mut |term, _| {
                if (term.field() == self.fields.body || term.field() == self.fields.title)
                    && let Some(t) = term.value().as_str()
                {
                    wanted.insert(t.to_string());
                }
            });
        }
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut analyzer = super::schema::analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while tantivy::tokenizer::TokenStream::advance(&mut stream) {
            let t = tantivy::tokenizer::TokenStream::token(&stream);
            if wanted.contains(&t.text) {
                out.push(Highlight {
                    start: t.offset_from,
                    end: t.offset_to,
                });
            }
        }
        out
    }

    fn snippets(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        field: tantivy::schema::Field,
    ) -> Result<SnippetGenerator, IndexError> {
        let mut g =
            SnippetGenerator::create(searcher, q, field).map_err(|e| tantivy_err(&self.dir, e))?;
        g.set_max_num_chars(SNIPPET_CHARS);
        Ok(g)
    }
}

/// The snippet text with its highlights; when nothing in the field matched (a query on
/// `outlet:` only), the start of the text, cut at a word boundary, with no highlights.
fn render(snippet: Snippet, text: &str) -> (String, Vec<Highlight>) {
    if !snippet.is_empty() {
        let highlights = snippet
            .highlighted()
            .iter()
            .map(|r| Highlight {
                start: r.start,
                end: r.end,
            })
            .collect();
        return (snippet.fragment().to_string(), highlights);
    }
    let mut end = text.len().min(SNIPPET_CHARS);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len()
        && let Some(space) = text[..end].rfind(char::is_whitespace)
    {
        end = space;
    }
    (text[..end].to_string(), Vec::new())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use tantivy::DocAddress;

    use super::*;
    use crate::index::Manifest;
    use crate::model::Article;

    /// The seeds, read and analysed, in an index in memory.
    fn seeds_index() -> (LibraryIndex, Vec<Article>) {
        use crate::ingest::{Outlets, ReadContext, SEEDS, parse_bytes};
        let articles: Vec<Article> = SEEDS
            .iter()
            .map(|(name, bytes)| {
                let ctx = ReadContext {
                    outlets: Outlets::builtin(),
                    overrides: None,
                    modified: None,
                };
                let mut a = parse_bytes(bytes, name, crate::model::Format::Text, ctx).unwrap();
                crate::analysis::analyse(&mut a);
                a
            })
            .collect();
        let ix = LibraryIndex::in_memory().unwrap();
        let mut w = ix.writer(2).unwrap();
        for a in &articles {
            w.add(a).unwrap();
        }
        w.commit(&mut Manifest::new()).unwrap();
        (ix, articles)
    }

    /// Every hit of `q` with its score, and the count.
    fn hits(ix: &LibraryIndex, q: &dyn Query) -> (usize, HashMap<DocAddress, Score>) {
        let searcher = ix.reader.searcher();
        let (top, n) = searcher
            .search(q, &(TopDocs::with_limit(100_000).order_by_score(), Count))
            .unwrap();
        (n, top.into_iter().map(|(s, a)| (a, s)).collect())
    }

    /// `query` as one tantivy query over headlines and bodies, as it was parsed before the
    /// search was split by kind of document.
    fn plain(ix: &LibraryIndex, query: &str) -> (usize, HashMap<DocAddress, Score>) {
        let mut parser = QueryParser::for_index(&ix.index, vec![ix.fields.title, ix.fields.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(ix.fields.title, TITLE_BOOST);
        let (q, _) = parser.parse_query_lenient(query);
        hits(ix, &*q)
    }

    fn split(ix: &LibraryIndex, query: &str) -> (usize, HashMap<DocAddress, Score>) {
        let s = ix.parse(query);
        let (n, mut all) = hits(ix, &*s.passages);
        let (m, articles) = hits(ix, &*s.articles);
        let before = all.len();
        all.extend(articles);
        assert_eq!(
            all.len(),
            before + m,
            "{query}: a document matched both halves"
        );
        (n + m, all)
    }

    #[test]
    fn malformed_queries_are_errors_at_the_right_character() {
        let err = |q: &str| check_query(q).unwrap_err();
        let e = err("talks \"unclosed");
        assert_eq!(
            (e.column, e.message.as_str()),
            (7, "this quote is never closed")
        );
        let e = err("zone title:");
        assert_eq!(e.column, 6);
        assert!(e.message.starts_with("`title:` needs a word"), "{e}");
        assert!(err("outlet:").message.starts_with("`outlet:` needs a word"));
        let e = err("AND AND");
        assert_eq!(e.column, 1);
        assert!(
            e.message.starts_with("AND needs a word on each side"),
            "{e}"
        );
        let e = err("talks OR");
        assert_eq!(e.column, 7);
        let e = err("x (a");
        assert_eq!(
            (e.column, e.message.as_str()),
            (3, "this ( is never closed")
        );
        let e = err("a) b");
        assert_eq!((e.column, e.message.as_str()), (2, "this ) closes nothing"));
        let e = err("talks foo:bar");
        assert_eq!(e.column, 7);
        assert!(e.message.starts_with("unknown field `foo:`"), "{e}");
        assert!(err("\"").message.contains("quote"));
        // Non-ASCII before the mistake counts in characters, not bytes.
        assert_eq!(err("café \"x").column, 6);
    }

    #[test]
    fn well_formed_queries_pass_the_check() {
        for q in [
            "talks",
            "*",
            "\"buffer zone\"",
            "\"buffer zone\"~2",
            "outlet:reuters talks",
            "title:talks OR zone",
            "talks -zone",
            "zone OR ceasefire",
            "al-Salama",
            "U.S.",
            "can't",
            "talks^2 zone",
            "\"AND\"",
            "NOT zone",
            "",
        ] {
            assert_eq!(check_query(q), Ok(()), "{q}");
        }
    }

    #[test]
    fn the_split_search_finds_what_one_query_over_both_fields_finds() {
        let (ix, articles) = seeds_index();
        let mut queries: Vec<String> = [
            "talks",
            "Israel Syria",
            "\"buffer zone\"",
            "buffer zone",
            "\"the buffer zone\"",
            "\"buffer zone\"~2",
            "outlet:reuters",
            "outlet:reuters talks",
            "title:talks",
            "title:talks OR zone",
            "body:zone",
            "-zone",
            "talks -zone",
            "zone OR ceasefire",
            "\"Prime Minister\"",
            "Salameh OR Salama",
            "al-Salama",
            "",
            "\"",
            "talks^2 zone",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Runs of two and three words of the seeds, each a pair-word run somewhere.
        let mut analyzer = schema::analyzer();
        for a in &articles {
            for p in &a.passages {
                let mut ts = analyzer.token_stream(&p.text);
                let mut run: Vec<(String, usize, usize)> = Vec::new();
                while ts.advance() {
                    let t = ts.token();
                    run.push((t.text.clone(), t.offset_from, t.offset_to));
                }
                for w in run.windows(3).step_by(7) {
                    let two = &p.text[w[0].1..w[1].2];
                    let three = &p.text[w[0].1..w[2].2];
                    queries.push(format!("\"{two}\""));
                    queries.push(format!("\"{three}\""));
                }
            }
        }
        for q in &queries {
            let (n, want) = plain(&ix, q);
            let (m, got) = split(&ix, q);
            assert_eq!(m, n, "{q}: count");
            assert_eq!(got.len(), want.len(), "{q}: hits");
            // A query of negations alone ranks nothing: every hit has the same score (1 as
            // one query, 0 in halves).
            let ranked = want.values().any(|s| Some(s) != want.values().next());
            for (addr, score) in &want {
                let s = got
                    .get(addr)
                    .unwrap_or_else(|| panic!("{q}: {addr:?} missing"));
                let close = (s - score).abs() <= 1e-4 * score.abs().max(1.0);
                assert!(close || !ranked, "{q}: {s} != {score}");
            }
        }
    }
}
