//! Analysis: what the text says, on top of clean articles. For now, sentence segmentation of
//! every passage; entities, attribution and framing will live here too. Pure functions over
//! `model` types: no I/O, no tantivy, no terminal.

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
}
