//! The scenarios and data shipped inside the binary, so that `asielsim run` works without any
//! file and `asielsim init DIR` gives a user copies to edit.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A bundled file: its path relative to the repository root, and its content.
#[derive(Clone, Copy, Debug)]
pub struct BundledFile {
    /// Path relative to the repository (and to the folder `init` writes).
    pub path: &'static str,
    /// The file's text.
    pub content: &'static str,
}

/// The default scenario's path among the bundled files.
pub const BASELINE: &str = "scenarios/baseline.toml";

/// Every bundled file.
pub const FILES: &[BundledFile] = &[
    bundled!("scenarios/baseline.toml"),
    bundled!("scenarios/scenario.schema.json"),
    bundled!("scenarios/validation/mmc.toml"),
    bundled!("scenarios/validation/priority.toml"),
    bundled!("scenarios/validation/priority_mmc.toml"),
    bundled!("scenarios/validation/tandem.toml"),
    bundled!("scenarios/validation/feedback.toml"),
    bundled!("scenarios/validation/mg1.toml"),
    bundled!("scenarios/validation/erlang_a.toml"),
    bundled!("scenarios/policies/uniform.toml"),
    bundled!("scenarios/policies/differentiated.toml"),
    bundled!("scenarios/policies/differentiated_perfect_information.toml"),
    bundled!("scenarios/policies/deadline.toml"),
    bundled!("scenarios/policies/penalty_aware.toml"),
    bundled!("scenarios/policies/kansarm_first.toml"),
    bundled!("scenarios/policies/rules.toml"),
    bundled!("scenarios/policies/bedrijfsbureau_off.toml"),
    bundled!("scenarios/policies/bedrijfsbureau_on.toml"),
    bundled!("scenarios/policies/verdeelstation.toml"),
    bundled!("scenarios/policies/court_penalties_abolished_2027.toml"),
    bundled!("scenarios/policies/pact_extension_for_all.toml"),
    bundled!("scenarios/policies/pact_not_applied.toml"),
    bundled!("scenarios/examples/returning_flows.toml"),
    bundled!("scenarios/examples/refresh_2025-11.toml"),
    bundled!("scenarios/examples/refresh_2025-12.toml"),
    bundled!("scenarios/examples/baseline_2026.toml"),
    bundled!("scenarios/history/2021-2024.toml"),
    bundled!("scenarios/history/2021-2024_calibrated.toml"),
    bundled!("scenarios/history/2021-2025.toml"),
    bundled!("data/SOURCES.md"),
    bundled!("data/annual_nl_asylum_inflow.csv"),
    bundled!("data/nl_monthly_asylum_applicants_2012-2019.csv"),
    bundled!("data/nl_monthly_first_applications_by_nationality_2015-2025.csv"),
    bundled!("data/baseline/sources_2026.md"),
    bundled!("data/history/SOURCES.md"),
    bundled!("data/history/first_applications_monthly_2021-2025.csv"),
    bundled!("data/history/make_first_applications.py"),
    bundled!("data/history/observed_2021-2024.csv"),
    bundled!("data/history/observed_2021-2025.csv"),
];

/// The bundled file at `path`, if there is one.
pub fn file(path: &str) -> Option<&'static BundledFile> {
    FILES.iter().find(|f| f.path == path)
}

/// The bundled files that already exist in `dir`, as paths in it.
pub fn existing_in(dir: &Path) -> Vec<PathBuf> {
    FILES
        .iter()
        .map(|f| dir.join(f.path))
        .filter(|p| p.exists())
        .collect()
}

/// A bundled file that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Its folder could not be created.
    #[error("creating {}", .0.display())]
    Folder(PathBuf, #[source] io::Error),
    /// The file could not be written.
    #[error("writing {}", .0.display())]
    File(PathBuf, #[source] io::Error),
}

/// Writes every bundled file into `dir` under its path (folders created as needed, existing
/// files overwritten).
pub fn write_into(dir: &Path) -> Result<(), WriteError> {
    for file in FILES {
        let path = dir.join(file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| WriteError::Folder(parent.to_path_buf(), e))?;
        }
        fs::write(&path, file.content).map_err(|e| WriteError::File(path.clone(), e))?;
    }
    Ok(())
}

macro_rules! bundled {
    ($path:literal) => {
        BundledFile {
            path: $path,
            content: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path)),
        }
    };
}
use bundled;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every bundled file is the file in the repository, byte for byte (the build embeds it;
    /// this guards the list against paths that drift).
    #[test]
    fn bundled_files_match_the_repository() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for bundled in FILES {
            let on_disk = std::fs::read_to_string(root.join(bundled.path)).unwrap();
            assert_eq!(on_disk, bundled.content, "{}", bundled.path);
        }
        assert!(file(BASELINE).is_some());
    }
}
