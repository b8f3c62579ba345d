//! What the integration tests share.

#[allow(dead_code)]
pub mod gold;

use std::path::{Path, PathBuf};

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

/// The sample briefing's folder in the repository.
#[allow(dead_code)]
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Copy the sample briefing's files into `to` (made if missing).
#[allow(dead_code)]
pub fn copy_seeds(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(seeds_dir()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}
