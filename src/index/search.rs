//! Ranked search over the index: tantivy's query language (phrases, `outlet:` and `title:`
//! fields, AND by default), BM25 ranking, and snippets with highlight byte ranges. Returns the
//! crate's own [`SearchResults`]; no tantivy type leaves this module.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Query, QueryParser};
use tantivy::schema::{TantivyDocument, Value};
use tantivy::snippet::{Snippet, SnippetGenerator};

use super::{IndexError, LibraryIndex, tantivy_err};
use crate::model::{Highlight, SearchHit, SearchResults};

const SNIPPET_CHARS: usize = 180;

impl LibraryIndex {
    /// Parse `query` (leniently: a stray quote or colon never fails) into a tantivy query.
    fn parse(&self, query: &str) -> Box<dyn Query> {
        let mut parser =
            QueryParser::for_index(&self.index, vec![self.fields.title, self.fields.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(self.fields.title, 1.5);
        let (q, errors) = parser.parse_query_lenient(query);
        if !errors.is_empty() {
            tracing::debug!("query {query:?}: {errors:?}");
        }
        q
    }

    /// The `limit` best hits for `query`, with the total number of matching documents.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults, IndexError> {
        let q = self.parse(query);
        let searcher = self.reader.searcher();
        let (top, total) = searcher
            .search(
                &*q,
                &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count),
            )
            .map_err(|e| tantivy_err(&self.dir, e))?;
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
                    None => {
                        body_snippets.insert(self.snippets(&searcher, &*q, self.fields.body)?)
                    }
                };
                (generator.snippet_from_doc(&doc), text(self.fields.headline))
            } else {
                let generator = match &mut title_snippets {
                    Some(g) => g,
                    None => {
                        title_snippets.insert(self.snippets(&searcher, &*q, self.fields.title)?)
                    }
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
        let q = self.parse(query);
        let mut wanted = std::collections::HashSet::new();
        q.query_terms(&mut |term, _| {
            if (term.field() == self.fields.body || term.field() == self.fields.title)
                && let Some(t) = term.value().as_str()
            {
                wanted.insert(t.to_string());
            }
        });
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
