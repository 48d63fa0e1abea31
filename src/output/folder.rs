//! A results folder written as a whole.
//!
//! Every command that writes results (run, compare, sweep, plan, forecast) collects its files in
//! a [`Folder`] and writes them into a temporary folder beside the target (same parent,
//! `.<name>.tmp-<pid>`); only when every file is written is the old folder renamed aside
//! (`.<name>.old-<pid>`), the new one renamed into place and the old one removed. At every
//! instant the target is either the old folder, intact, or the new one, complete (a process
//! killed between the two renames leaves the old folder under its `.old` name).
//!
//! Every folder asielsim writes holds a small marker, [`MARKER`] (`.asielsim`). An existing
//! folder is replaced only when it is empty, or when it holds the marker (or the `run.json` of a
//! run) and nothing but files asielsim writes; any other folder (the current folder, a home
//! folder, a folder with the user's files) is refused, and so are a read-only folder and a mount
//! point (which cannot be renamed).
//! [`check_destination`] makes these checks without writing anything, so a command can refuse a
//! destination before it simulates.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::experiment::Experiment;
use crate::output::{Manifest, OutputError};
use crate::report::Report;

/// The marker file in every folder asielsim writes.
pub const MARKER: &str = ".asielsim";

/// Longest folder name [`folder_name`] makes, in bytes.
pub const MAX_NAME_BYTES: usize = 80;

/// Names asielsim writes into a results folder (besides `plots/`), and files a file browser
/// leaves behind; a folder holding anything else is not replaced.
const OWN_NAMES: [&str; 33] = [
    MARKER,
    "run.json",
    "summary.csv",
    "metrics.csv",
    "replications.csv",
    "risk.csv",
    "officers.csv",
    "monthly.csv",
    "report.html",
    "compare.csv",
    "sweep.csv",
    "plan.csv",
    "forecast.csv",
    "backtest.csv",
    "intake.toml",
    "fan_chart.svg",
    "fan_chart.png",
    "inputs.csv",
    "observed_vs_simulated.csv",
    "calibration.csv",
    "evaluations.csv",
    "calibrated.toml",
    "sensitivity.csv",
    "answer.toml",
    "answer.csv",
    "answer_costs.csv",
    "timing.csv",
    "trace.csv",
    "shard.json",
    "shard.jsonl",
    ".DS_Store",
    "Thumbs.db",
    "desktop.ini",
];

/// Why a results folder cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// The path, or a folder on the way to it, is a file.
    #[error("{} is a file, not a folder\n  fix: give a folder with --out, e.g. --out results/run1", .0.display())]
    NotAFolder(PathBuf),
    /// The path is the current folder or a folder above it.
    #[error("{} is the current folder or holds it; asielsim replaces its results folder as a whole\n  fix: give a folder of its own with --out, e.g. --out results/run1", .0.display())]
    Current(PathBuf),
    /// The folder holds files asielsim did not write.
    #[error("{} holds files asielsim did not write ({}); asielsim replaces its results folder as a whole and never deletes other files\n  fix: give a new or empty folder with --out, e.g. --out results/run1, or move those files out", path.display(), names.join(", "))]
    Foreign {
        /// The folder.
        path: PathBuf,
        /// Up to three of the names that are not asielsim's.
        names: Vec<String>,
    },
    /// The folder is a mount point (a disk or a container volume), which cannot be renamed.
    #[error("{} is a mount point, which asielsim cannot replace as a whole\n  fix: give a folder inside it with --out, e.g. --out {}", .0.display(), .0.join("run1").display())]
    MountPoint(PathBuf),
    /// The folder holds only asielsim's file names but no marker.
    #[error("{} has no {MARKER} marker, so asielsim cannot tell that it wrote it (an older asielsim did not leave one)\n  fix: delete the folder if it holds old results, or give another folder with --out", .0.display())]
    Unmarked(PathBuf),
    /// The folder, or the folder it would be created in, is read-only or cannot be written.
    #[error("cannot write into {}: {source}\n  fix: give a folder you can write to with --out, e.g. --out results/run1", path.display())]
    Unwritable {
        /// The folder.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// Writing or moving the files failed.
    #[error(transparent)]
    Write(#[from] OutputError),
}

/// A folder name made from `text` (a scenario name, `compare-<name>`, a file stem): letters,
/// digits, `-`, `_` and `.` are kept, every other character (path separators, spaces, control
/// characters) becomes `_`, a leading `.` becomes `_` (no `..`, no hidden folder), and the name
/// is cut to at most [`MAX_NAME_BYTES`] bytes. An empty text gives `unnamed`.
pub fn folder_name(text: &str) -> String {
    let mut name = String::new();
    for (idx, c) in text.chars().enumerate() {
        let keep = c.is_alphanumeric() || matches!(c, '-' | '_') || (c == '.' && idx > 0);
        let c = if keep { c } else { '_' };
        if name.len() + c.len_utf8() > MAX_NAME_BYTES {
            break;
        }
        name.push(c);
    }
    if name.is_empty() {
        name.push_str("unnamed");
    }
    name
}

/// Checks, without writing anything, that results can be written to `dir`: it is not a file,
/// not the current folder or one above it, not read-only, and, when it exists, empty or a
/// folder asielsim wrote (see the module documentation); the folder it is in (or the nearest
/// existing folder above) is writable.
pub fn check_destination(dir: &Path) -> Result<(), FolderError> {
    let target = resolve(dir)?;
    check_target(&target)?;
    let parent = parent_of(&target);
    let mut existing = parent.as_path();
    loop {
        match fs::metadata(existing) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => return Err(FolderError::NotAFolder(existing.to_path_buf())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => match existing.parent() {
                Some(up) => {
                    existing = if up.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        up
                    }
                }
                None => return Err(unwritable(existing, e)),
            },
            Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
                return Err(FolderError::NotAFolder(existing.to_path_buf()));
            }
            Err(e) => return Err(unwritable(existing, e)),
        }
    }
    check_writable(existing)?;
    let probe = existing.join(side_name(&target, "probe"));
    fs::create_dir(&probe).map_err(|e| unwritable(existing, e))?;
    let _ = fs::remove_dir(&probe);
    Ok(())
}

/// The files of one results folder, kept in memory until [`Folder::write`] writes them all.
#[derive(Clone, Debug)]
pub struct Folder {
    kind: &'static str,
    files: Vec<(String, Vec<u8>)>,
}

impl Folder {
    /// An empty folder of the command `kind` (`run`, `compare`, ...), named in its marker.
    pub fn new(kind: &'static str) -> Folder {
        Folder {
            kind,
            files: Vec::new(),
        }
    }

    /// Adds the file `name` (a path inside the folder, `/`-separated) with `content`.
    pub fn add(&mut self, name: impl Into<String>, content: String) -> &mut Folder {
        self.files.push((name.into(), content.into_bytes()));
        self
    }

    /// Adds the binary file `name` (a PNG) with `content`.
    pub fn add_bytes(&mut self, name: impl Into<String>, content: Vec<u8>) -> &mut Folder {
        self.files.push((name.into(), content));
        self
    }

    /// Adds a run's files: `summary.csv`, `metrics.csv`, `replications.csv`, `run.json`, and
    /// where they apply `risk.csv`, `officers.csv` and `monthly.csv`.
    pub fn add_run(&mut self, experiment: &Experiment, manifest: &Manifest) -> &mut Folder {
        use crate::output::{
            metrics_csv, monthly_csv, officers_csv, replications_csv, risk_csv, summary_csv,
        };
        self.add("summary.csv", summary_csv(experiment));
        self.add("metrics.csv", metrics_csv(&experiment.catalogue));
        self.add("replications.csv", replications_csv(experiment));
        if let Some(text) = risk_csv(experiment) {
            self.add("risk.csv", text);
        }
        if let Some(text) = officers_csv(experiment) {
            self.add("officers.csv", text);
        }
        if let Some(text) = monthly_csv(experiment) {
            self.add("monthly.csv", text);
        }
        let json = serde_json::to_string_pretty(manifest).expect("the manifest always serialises");
        self.add("run.json", json + "\n")
    }

    /// Adds `report.html` and every chart as `plots/<name>.svg`.
    pub fn add_report(&mut self, report: &Report) -> &mut Folder {
        for plot in &report.plots {
            self.add(format!("plots/{}.svg", plot.name), plot.svg.clone());
        }
        self.add("report.html", report.html.clone())
    }

    /// Adds a PNG beside every SVG chart of the folder (`plots/backlog.svg` gets
    /// `plots/backlog.png`), rendered from the same SVG.
    pub fn add_pngs(&mut self) -> Result<&mut Folder, crate::plot::PlotError> {
        let mut pngs = Vec::new();
        for (name, content) in &self.files {
            if let Some(stem) = name.strip_suffix(".svg") {
                let svg = std::str::from_utf8(content).unwrap_or_default();
                pngs.push((format!("{stem}.png"), crate::plot::svg_to_png(svg)?));
            }
        }
        self.files.extend(pngs);
        Ok(self)
    }

    /// The names of the files, in the order they were added.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(name, _)| name.as_str())
    }

    /// The text of the file `name`, if the folder holds it and it is text.
    pub fn content(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, content)| std::str::from_utf8(content).ok())
    }

    /// Writes the folder to `dir`, as a whole (see the module documentation): afterwards `dir`
    /// holds exactly these files and the marker; on any failure it is as it was.
    pub fn write(&self, dir: &Path) -> Result<(), FolderError> {
        self.write_with(dir, &mut |path, content| fs::write(path, content))
    }

    /// [`Folder::write`] with `write_file` writing each file (a seam for tests).
    pub(crate) fn write_with(
        &self,
        dir: &Path,
        write_file: &mut dyn FnMut(&Path, &[u8]) -> io::Result<()>,
    ) -> Result<(), FolderError> {
        let target = resolve(dir)?;
        check_target(&target)?;
        let parent = parent_of(&target);
        fs::create_dir_all(&parent).map_err(|e| unwritable(&parent, e))?;
        let staging = parent.join(side_name(&target, "tmp"));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| io_error(&staging, e))?;
        }
        fs::create_dir(&staging).map_err(|e| unwritable(&parent, e))?;
        if let Err(err) = self.fill(&staging, write_file) {
            let _ = fs::remove_dir_all(&staging);
            return Err(err);
        }
        if let Err(err) = swap_in(&staging, &target) {
            let _ = fs::remove_dir_all(&staging);
            return Err(err);
        }
        Ok(())
    }

    fn fill(
        &self,
        staging: &Path,
        write_file: &mut dyn FnMut(&Path, &[u8]) -> io::Result<()>,
    ) -> Result<(), FolderError> {
        let marker = format!(
            "asielsim {} ({})\nasielsim writes this folder as a whole and replaces it when the command runs again;\nit refuses to if you add files of your own.\n",
            env!("CARGO_PKG_VERSION"),
            self.kind
        );
        let own = [(MARKER.to_string(), marker.into_bytes())];
        for (name, content) in self.files.iter().chain(&own) {
            let path = staging.join(name);
            if let Some(sub) = path.parent().filter(|p| *p != staging) {
                fs::create_dir_all(sub).map_err(|e| io_error(sub, e))?;
            }
            write_file(&path, content).map_err(|e| io_error(&path, e))?;
        }
        Ok(())
    }
}

/// Moves the complete folder `staging` to `target`, the old `target` aside first and removed
/// after; on failure `target` is put back.
fn swap_in(staging: &Path, target: &Path) -> Result<(), FolderError> {
    if !target.exists() {
        return fs::rename(staging, target).map_err(|e| io_error(target, e));
    }
    let aside = parent_of(target).join(side_name(target, "old"));
    if aside.exists() {
        fs::remove_dir_all(&aside).map_err(|e| io_error(&aside, e))?;
    }
    fs::rename(target, &aside).map_err(|e| io_error(target, e))?;
    if let Err(e) = fs::rename(staging, target) {
        let _ = fs::rename(&aside, target);
        return Err(io_error(target, e));
    }
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}

/// `dir`, through a symbolic link at its end to the folder it points to.
fn resolve(dir: &Path) -> Result<PathBuf, FolderError> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(dir).map_err(|e| unwritable(dir, e))
        }
        _ => Ok(dir.to_path_buf()),
    }
}

/// The checks of the target itself: not a file, not the current folder or above, not
/// read-only, empty or asielsim's.
fn check_target(target: &Path) -> Result<(), FolderError> {
    let meta = match fs::metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            // Name the file on the way, not the path below it.
            let file = (target.ancestors().skip(1))
                .find(|a| fs::metadata(a).is_ok_and(|m| !m.is_dir()))
                .unwrap_or(target);
            return Err(FolderError::NotAFolder(file.to_path_buf()));
        }
        Err(e) => return Err(unwritable(target, e)),
    };
    if !meta.is_dir() {
        return Err(FolderError::NotAFolder(target.to_path_buf()));
    }
    let canonical = fs::canonicalize(target).map_err(|e| unwritable(target, e))?;
    let cwd = std::env::current_dir().and_then(fs::canonicalize);
    if target.file_name().is_none() || cwd.is_ok_and(|cwd| cwd.starts_with(&canonical)) {
        return Err(FolderError::Current(target.to_path_buf()));
    }
    check_writable(target)?;
    if is_mount_point(&canonical, &meta) {
        return Err(FolderError::MountPoint(target.to_path_buf()));
    }
    let mut foreign = Vec::new();
    let mut marked = false;
    let mut n_entries = 0;
    for entry in fs::read_dir(target).map_err(|e| unwritable(target, e))? {
        let entry = entry.map_err(|e| unwritable(target, e))?;
        n_entries += 1;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let own = if name == "plots" && is_dir {
            only_charts(&entry.path())
        } else {
            !is_dir && (OWN_NAMES.contains(&name.as_str()) || name.ends_with(".tmp"))
        };
        if name == MARKER || (name == "run.json" && is_run_manifest(&entry.path())) {
            marked = true;
        }
        if !own {
            foreign.push(name);
        }
    }
    if n_entries == 0 {
        return Ok(());
    }
    if !foreign.is_empty() {
        foreign.sort();
        foreign.truncate(3);
        return Err(FolderError::Foreign {
            path: target.to_path_buf(),
            names: foreign,
        });
    }
    if !marked {
        return Err(FolderError::Unmarked(target.to_path_buf()));
    }
    Ok(())
}

/// Whether the folder `dir` (canonical, with metadata `meta`) is on another device than the
/// folder it is in.
#[cfg(unix)]
fn is_mount_point(dir: &Path, meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    dir.parent()
        .and_then(|p| fs::metadata(p).ok())
        .is_some_and(|parent| parent.dev() != meta.dev())
}

#[cfg(not(unix))]
fn is_mount_point(_dir: &Path, _meta: &fs::Metadata) -> bool {
    false
}

/// Whether `dir` holds only charts, SVG or PNG (and temporary files of an older asielsim).
fn only_charts(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().all(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            e.file_type().is_ok_and(|t| t.is_file())
                && (name.ends_with(".svg") || name.ends_with(".png") || name.ends_with(".tmp"))
        })
    })
}

/// Whether `path` is the `run.json` of an asielsim run.
fn is_run_manifest(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|text| text.contains("\"asielsim_version\""))
}

/// Refuses a folder whose permissions allow no writing.
fn check_writable(dir: &Path) -> Result<(), FolderError> {
    let meta = fs::metadata(dir).map_err(|e| unwritable(dir, e))?;
    if meta.permissions().readonly() {
        return Err(unwritable(
            dir,
            io::Error::new(io::ErrorKind::PermissionDenied, "the folder is read-only"),
        ));
    }
    Ok(())
}

/// The folder `target` is in (`.` for a bare name).
fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `.<name>.<what>-<pid>`: a hidden sibling of `target`, its name cut so that it stays a valid
/// file name.
fn side_name(target: &Path, what: &str) -> String {
    let name = target
        .file_name()
        .map_or("results".into(), |n| n.to_string_lossy().into_owned());
    let mut cut = name.len().min(200);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(".{}.{what}-{}", &name[..cut], std::process::id())
}

fn unwritable(path: &Path, source: io::Error) -> FolderError {
    FolderError::Unwritable {
        path: path.to_path_buf(),
        source,
    }
}

fn io_error(path: &Path, source: io::Error) -> FolderError {
    FolderError::Write(OutputError {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("asielsim-folder-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().unwrap().is_dir() {
                for (sub, content) in listing(&entry.path()) {
                    out.push((format!("{name}/{sub}"), content));
                }
            } else {
                out.push((name, fs::read_to_string(entry.path()).unwrap()));
            }
        }
        out.sort();
        out
    }

    fn folder(version: &str) -> Folder {
        let mut folder = Folder::new("run");
        folder
            .add("summary.csv", format!("summary {version}\n"))
            .add("plots/a.svg", format!("<svg>{version}</svg>"))
            .add("report.html", format!("report {version}\n"))
            .add(
                "run.json",
                format!("{{\"asielsim_version\": \"{version}\"}}\n"),
            );
        folder
    }

    #[test]
    fn a_write_that_fails_midway_leaves_the_old_folder_intact() {
        let root = scratch("midway");
        let out = root.join("out");
        folder("1").write(&out).unwrap();
        let before = listing(&out);
        assert_eq!(before.len(), 5, "{before:?}");
        let mut written = 0;
        let err = folder("2")
            .write_with(&out, &mut |path, content| {
                written += 1;
                if written == 3 {
                    return Err(io::Error::other("disk full"));
                }
                fs::write(path, content)
            })
            .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(listing(&out), before, "the old folder is untouched");
        let names: Vec<String> = fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["out"], "no temporary folder is left behind");
        folder("2").write(&out).unwrap();
        assert!(
            listing(&out)
                .iter()
                .all(|(_, c)| !c.contains('1') || c.contains("asielsim"))
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_new_folder_replaces_the_old_one_as_a_whole() {
        let root = scratch("replace");
        let out = root.join("out");
        let mut old = folder("1");
        old.add("monthly.csv", "old series\n".into());
        old.write(&out).unwrap();
        folder("2").write(&out).unwrap();
        let files = listing(&out);
        assert!(
            files.iter().all(|(name, _)| name != "monthly.csv"),
            "{files:?}"
        );
        assert!(files.contains(&("summary.csv".into(), "summary 2\n".into())));
        assert!(files.iter().any(|(name, _)| name == MARKER));
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn folders_asielsim_did_not_write_are_refused() {
        let root = scratch("foreign");
        let mine = root.join("mine");
        fs::create_dir_all(&mine).unwrap();
        fs::write(mine.join("notes.txt"), "keep me").unwrap();
        fs::write(mine.join("summary.csv"), "mine too").unwrap();
        let err = folder("1").write(&mine).unwrap_err();
        assert!(matches!(err, FolderError::Foreign { .. }), "{err}");
        assert!(err.to_string().contains("notes.txt"), "{err}");
        assert_eq!(
            fs::read_to_string(mine.join("notes.txt")).unwrap(),
            "keep me"
        );
        let unmarked = root.join("unmarked");
        fs::create_dir_all(&unmarked).unwrap();
        fs::write(unmarked.join("report.html"), "a page of my own").unwrap();
        assert!(matches!(
            check_destination(&unmarked),
            Err(FolderError::Unmarked(_))
        ));
        let file = root.join("file");
        fs::write(&file, "x").unwrap();
        assert!(matches!(
            check_destination(&file),
            Err(FolderError::NotAFolder(_))
        ));
        assert!(matches!(
            check_destination(&file.join("below/deeper")),
            Err(FolderError::NotAFolder(path)) if path == file
        ));
        assert!(matches!(
            check_destination(Path::new(".")),
            Err(FolderError::Current(_))
        ));
        let empty = root.join("empty");
        fs::create_dir_all(&empty).unwrap();
        check_destination(&empty).unwrap();
        check_destination(&root.join("new/deeper")).unwrap();
        assert!(!root.join("new").exists(), "a check writes nothing");
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn folder_names_are_safe_and_short() {
        assert_eq!(folder_name("baseline"), "baseline");
        assert_eq!(folder_name("compare-mmc_2.b"), "compare-mmc_2.b");
        assert_eq!(folder_name("../a/b\\c d\te"), "_._a_b_c_d_e");
        assert_eq!(folder_name(".."), "_.");
        assert_eq!(folder_name(""), "unnamed");
        assert_eq!(folder_name("één"), "één");
        let long = folder_name(&"é".repeat(5000));
        assert!(long.len() <= MAX_NAME_BYTES && long.len() >= MAX_NAME_BYTES - 1);
    }
}
