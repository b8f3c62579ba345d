//! Analysis: what the text says, on top of clean articles: sentences, entity mentions, the
//! fingerprint stories are grouped by, the facts outlets share and the framing of each
//! sentence (attribution, hedges, loaded terms, numbers, dates, quotes). Pure functions over
//! `model` types: no I/O, no tantivy, no terminal.

pub mod aliases;
pub mod entities;
pub mod facts;
pub mod fingerprint;
pub mod framing;
pub mod gazetteer;
pub mod search_aliases;
pub mod segment;
pub mod vectors;

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
