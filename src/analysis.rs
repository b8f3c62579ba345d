//! Analysis: what the text says, on top of clean articles: sentences, entity mentions, the
//! fingerprint stories are grouped by (and, to come, attribution and framing). Pure functions over
//! `model` types: no I/O, no tantivy, no terminal.

pub mod aliases;
pub mod entities;
pub mod fingerprint;
pub mod gazetteer;
pub mod search_aliases;
pub mod segment;

use crate::model::Article;

/// Fill in the sentences of every passage of `article`.
pub fn analyse(article: &mut Article) {
    for p in &mut article.passages {
        p.sentences = segment::sentences(&p.text)
            .into_iter()
            .map(|s| crate::model::Span::new(p.span.start + s.start, p.span.start + s.end))
            .collect();
    }
    article.mentions = entities::recognise(article, gazetteer::Gazetteer::builtin());
    article.fingerprint = fingerprint::fingerprint(article);
}
