//! Related passages: for one passage, the passages of *other* articles that share the most
//! distinctive words (tantivy more-like-this over passage bodies), best passage per article,
//! with the shared words marked. Stays inside the index; returns the crate's own types.

use std::collections::HashSet;
use std::sync::OnceLock;

use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue, TantivyDocument, Value};
use tantivy::tokenizer::TokenStream;

use super::{IndexError, LibraryIndex, schema, tantivy_err};
use crate::model::{Highlight, RelatedPassage};

/// Words too common in news prose to make two passages related.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "against", "all", "also", "an", "and", "any", "are", "as",
    "at", "be", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "during", "each", "for", "from", "further", "had", "has", "have", "he", "her",
    "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "may", "more",
    "most", "much", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or",
    "other", "our", "out", "over", "own", "said", "same", "says", "she", "should", "so", "some",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "told", "too", "two", "under", "until", "up", "very", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would", "year", "you",
];

/// The stop words as the analyzer turns them into terms ("was" -> "wa").
fn stop_terms() -> &'static HashSet<String> {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        STOP_WORDS
            .iter()
            .flat_map(|w| terms(w))
            .map(|(t, _)| t)
            .collect()
    })
}

/// Analyzer terms of `text` with their byte ranges.
fn terms(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut a = schema::analyzer();
    let mut ts = a.token_stream(text);
    let mut out = Vec::new();
    while ts.advance() {
        let t = ts.token();
        out.push((t.text.clone(), t.offset_from..t.offset_to));
    }
    out
}

/// Byte ranges in `text` of the words whose terms appear in `other` (stop words aside).
pub(crate) fn shared_words(text: &str, other: &str) -> Vec<Highlight> {
    let stops = stop_terms();
    let theirs: HashSet<String> = terms(other)
        .into_iter()
        .map(|(t, _)| t)
        .filter(|t| !stops.contains(t))
        .collect();
    terms(text)
        .into_iter()
        .filter(|(t, _)| theirs.contains(t))
        .map(|(_, r)| Highlight {
            start: r.start,
            end: r.end,
        })
        .collect()
}

impl LibraryIndex {
    /// The text of passage `passage` of article `article`.
    pub fn passage_text(&self, article: &str, passage: u32) -> Result<Option<String>, IndexError> {
        let searcher = self.reader.searcher();
        let q = BooleanQuery::new(vec![
            (
                Occur::Must,
                self.term_query(Term::from_field_text(self.fields.article_id, article)),
            ),
            (
                Occur::Must,
                self.term_query(Term::from_field_u64(self.fields.passage, passage.into())),
            ),
        ]);
        let top = searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())
            .map_err(|e| tantivy_err(&self.dir, e))?;
        let Some((_, addr)) = top.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(*addr).map_err(|e| tantivy_err(&self.dir, e))?;
        Ok(doc
            .get_first(self.fields.body)
            .and_then(|v| v.as_str())
            .map(str::to_string))
    }

    fn term_query(&self, term: Term) -> Box<dyn Query> {
        Box::new(TermQuery::new(term, IndexRecordOption::Basic))
    }

    /// Up to `limit` passages from other articles most like passage `passage` of `article`,
    /// the best one per article, best first.
    pub fn related(
        &self,
        article: &str,
        passage: u32,
        limit: usize,
    ) -> Result<Vec<RelatedPassage>, IndexError> {
        let Some(text) = self.passage_text(article, passage)? else {
            return Ok(Vec::new());
        };
        let mlt = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_min_term_frequency(1)
            .with_min_word_length(2)
            .with_max_query_terms(30)
            .with_stop_words(stop_terms().iter().cloned().collect())
            .with_document_fields(vec![(
                self.fields.body,
                vec![OwnedValue::Str(text.clone())],
            )]);
        let q = BooleanQuery::new(vec![
            (Occur::Must, Box::new(mlt) as Box<dyn Query>),
            (
                Occur::MustNot,
                self.term_query(Term::from_field_text(self.fields.article_id, article)),
            ),
        ]);
        let searcher = self.reader.searcher();
        let top = searcher
            .search(
                &q,
                &TopDocs::with_limit(limit.saturating_mul(8).max(16)).order_by_score(),
            )
            .map_err(|e| tantivy_err(&self.dir, e))?;
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| tantivy_err(&self.dir, e))?;
            let get = |f| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let id = get(self.fields.article_id).unwrap_or_default();
            if !seen.insert(id.clone()) {
                continue;
            }
            let body = get(self.fields.body).unwrap_or_default();
            out.push(RelatedPassage {
                shared: shared_words(&body, &text),
                article: id,
                file: get(self.fields.file).unwrap_or_default(),
                outlet: get(self.fields.outlet),
                title: get(self.fields.headline),
                passage: doc
                    .get_first(self.fields.passage)
                    .and_then(|v| v.as_u64())
                    .unwrap_or(0) as u32,
                score,
                text: body,
            });
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_words_skip_stop_words_and_match_stems() {
        let a = "The talks aim to revive the disengagement agreement.";
        let b = "They focused on reviving a 1974 disengagement agreement and talking.";
        let marked: Vec<&str> = shared_words(b, a)
            .iter()
            .map(|h| &b[h.start..h.end])
            .collect();
        assert_eq!(
            marked,
            ["reviving", "disengagement", "agreement", "talking"]
        );
    }
}
