//! What the integration tests share.

#[allow(dead_code)]
pub mod gold;

use std::path::Path;

use briefing::library::{Corpus, Library, OpenOptions};

/// `corpus` as a library whose index is kept in `index`.
pub fn open(corpus: &Corpus, index: &Path) -> Library {
    Library::open(
        corpus,
        &OpenOptions {
            index_dir: Some(index.to_path_buf()),
            ..Default::default()
        },
    )
    .unwrap()
}
