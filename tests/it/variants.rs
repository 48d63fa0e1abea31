//! Variant files: `base = "..."` plus the parts that differ.

use std::fs;

use asielsim::scenario;

use crate::support::{repo, scratch_dir};

#[test]
fn a_variant_changes_only_what_it_names() {
    let dir = scratch_dir("variant");
    fs::create_dir_all(&dir).unwrap();
    let base = repo().join("scenarios/validation/mmc.toml");
    let variant = dir.join("mmc_eleven.toml");
    fs::write(
        &variant,
        format!(
            "base = \"{}\"\n[scenario]\nname = \"mmc_eleven\"\n[run]\nreplications = 7\n[[pool]]\nname = \"servers\"\nservers = 11\n",
            base.display()
        ),
    )
    .unwrap();
    let s = scenario::load(&variant).expect("the variant is valid");
    assert_eq!(s.name, "mmc_eleven");
    assert_eq!(s.replications, 7);
    assert_eq!(s.network.pools.len(), 1, "the pool merged by name");
    assert_eq!(s.network.pools[0].servers, 11);
    assert_eq!(
        s.window.horizon.as_days(),
        2000.0,
        "the rest comes from the base"
    );
    assert!(
        s.text.contains("servers = 11") && s.text.contains("M/M/10"),
        "both texts are hashed"
    );

    // A misspelt key in a variant is refused, naming the field.
    fs::write(
        &variant,
        format!(
            "base = \"{}\"\n[[pool]]\nname = \"servers\"\nsevers = 11\n",
            base.display()
        ),
    )
    .unwrap();
    let err = scenario::load(&variant).unwrap_err().to_string();
    assert!(
        err.contains("pool[0].severs") || err.contains("severs"),
        "{err}"
    );
    assert!(err.contains("unknown field"), "{err}");

    // A variant of itself is a circle.
    fs::write(&variant, "base = \"mmc_eleven.toml\"\n").unwrap();
    let err = scenario::load(&variant).unwrap_err().to_string();
    assert!(err.contains("circle"), "{err}");
}

/// A base with a backlog file and a replayed intake beside it, in `<dir>/base/`.
fn base_with_files(dir: &std::path::Path) -> std::path::PathBuf {
    let base = dir.join("base");
    fs::create_dir_all(&base).unwrap();
    fs::write(
        base.join("scenario.toml"),
        "[scenario]\nname = \"base\"\nstart_date = 2026-01-01\n[run]\nhorizon_days = 90\n\
         [[pool]]\nname = \"officer\"\nservers = 1\n\
         [[stream]]\nname = \"first\"\nentry = \"decide\"\n\
         [[stream]]\nname = \"nareis\"\nentry = \"decide\"\n\
         [[step]]\nname = \"decide\"\npool = \"officer\"\nwork_hours = { dist = \"fixed\", value = 8 }\nnext = \"exit\"\n\
         [[intake]]\nstream = \"first\"\nreplay = \"monthly.csv\"\ncolumn = \"applicants\"\n\
         [backlog]\nfile = \"backlog.csv\"\n",
    )
    .unwrap();
    fs::write(
        base.join("monthly.csv"),
        "month,applicants\n2026-01,31\n2026-02,28\n2026-03,31\n2026-04,30\n",
    )
    .unwrap();
    fs::write(
        base.join("backlog.csv"),
        "stream,lodged,step\nnareis,2025-12-01,decide\nnareis,2025-12-02,decide\n",
    )
    .unwrap();
    base.join("scenario.toml")
}

/// The file keys of a base (backlog file, replayed intake) are relative to the base, whatever
/// folder the variant is in; a variant's own file keys are relative to the variant; so are a
/// middle variant's.
#[test]
fn a_base_in_another_folder_keeps_its_files() {
    let dir = scratch_dir("variant_folders");
    base_with_files(&dir);
    let deep = dir.join("variants/deep");
    fs::create_dir_all(&deep).unwrap();
    let top = deep.join("top.toml");
    fs::write(
        &top,
        "base = \"../../base/scenario.toml\"\n[scenario]\nname = \"top\"\n",
    )
    .unwrap();
    let s = scenario::load(&top).expect("the base's files are found beside the base");
    assert_eq!(s.network.backlog.cases.len(), 2);
    assert_eq!(s.network.sources.len(), 1, "the replayed intake");
    // Sweeps read the merged table and validate it for the variant's path.
    let (table, _) = scenario::load_table(&top).unwrap();
    let s = scenario::parse_table(table, &top).expect("the merged table keeps the paths");
    assert_eq!(s.network.backlog.cases.len(), 2);

    // A middle variant gives its own backlog file, beside itself.
    fs::write(
        dir.join("variants/middle.toml"),
        "base = \"../base/scenario.toml\"\n[backlog]\nfile = \"middle_backlog.csv\"\n",
    )
    .unwrap();
    fs::write(
        dir.join("variants/middle_backlog.csv"),
        "stream,lodged,step\nnareis,2025-12-01,decide\n",
    )
    .unwrap();
    fs::write(&top, "base = \"../middle.toml\"\n").unwrap();
    let s = scenario::load(&top).expect("the middle variant's file is beside it");
    assert_eq!(s.network.backlog.cases.len(), 1);
    assert_eq!(
        s.network.sources.len(),
        1,
        "the base's replay, beside the base"
    );

    // The top variant's own file is beside the top variant.
    fs::write(
        deep.join("mine.csv"),
        "stream,lodged,step\nnareis,2025-11-01,decide\nnareis,2025-11-02,decide\nnareis,2025-11-03,decide\n",
    )
    .unwrap();
    fs::write(
        &top,
        "base = \"../middle.toml\"\n[backlog]\nfile = \"mine.csv\"\n",
    )
    .unwrap();
    let s = scenario::load(&top).expect("the top variant's file is beside it");
    assert_eq!(s.network.backlog.cases.len(), 3);
}

/// `remove`, `[replace]` and `[append]` over the backlog scenario.
#[test]
fn a_variant_removes_replaces_and_appends() {
    let dir = scratch_dir("variant_operations");
    fs::create_dir_all(&dir).unwrap();
    let base = repo().join("tests/it/data/backlog/scenario.toml");
    let variant = dir.join("operations.toml");
    let write = |body: &str| {
        fs::write(&variant, format!("base = \"{}\"\n{body}", base.display())).unwrap();
    };
    write(
        "remove = [\"law.extension.complex\", \"law.notice\", \"stream.nareis.interarrival_days\"]\n\
         [[replace.law.term]]\nname = \"all\"\nstreams = [\"first\", \"nareis\"]\nmonths = 3\n\
         [[append.backlog.synthetic]]\nstream = \"nareis\"\nsize = 7\nage_days = { dist = \"fixed\", value = 5 }\n\
         [[append.backlog.synthetic]]\nstream = \"first\"\nsize = 3\nage_days = { dist = \"fixed\", value = 5 }\n",
    );
    let s = scenario::load(&variant).expect("valid");
    let law = s.network.law.as_ref().unwrap();
    assert!(law.terms.rules().extensions.is_empty(), "removed");
    assert!(law.notices.is_empty(), "removed");
    assert_eq!(
        law.terms.rules().regimes.len(),
        2,
        "one term for each of two streams"
    );
    assert!(law.terms.rules().regimes.iter().all(|r| r.name == "all"));
    assert_eq!(s.network.backlog.synthetic.len(), 2, "appended to none");
    assert_eq!(s.network.backlog.cases.len(), 3, "the base's file stays");
    assert_eq!(
        s.network.sources.len(),
        1,
        "nareis arrives no more: stock only"
    );

    // Appended to a list the base has; the variant's own list replaces it first.
    write(
        "[[backlog.synthetic]]\nstream = \"first\"\nsize = 1\nage_days = { dist = \"fixed\", value = 5 }\n\
         [[append.backlog.synthetic]]\nstream = \"first\"\nsize = 2\nage_days = { dist = \"fixed\", value = 5 }\n",
    );
    let s = scenario::load(&variant).expect("valid");
    let sizes: Vec<u32> = s.network.backlog.synthetic.iter().map(|b| b.size).collect();
    assert_eq!(sizes, [1, 2]);

    // A path the base does not have names the variant, the entry and what there is.
    write("remove = [\"law.extension.exceptional\", \"run.end_date\"]\n");
    let err = scenario::load(&variant).unwrap_err().to_string();
    assert!(
        err.contains("operations.toml: invalid scenario (2 problems)"),
        "{err}"
    );
    assert!(
        err.contains("remove[0]: cannot remove \"law.extension.exceptional\": `law.extension` has no entry named \"exceptional\" (its names: complex)"),
        "{err}"
    );
    assert!(
        err.contains("remove[1]: cannot remove \"run.end_date\": `run` has no key `end_date`"),
        "{err}"
    );

    // An operation in a file without a base is refused, not ignored.
    fs::write(&variant, "remove = [\"run\"]\n[run]\nhorizon_days = 5\n").unwrap();
    let err = scenario::load(&variant).unwrap_err().to_string();
    assert!(
        err.contains("`remove` changes a base scenario, but this file names none"),
        "{err}"
    );
    let err = scenario::parse("[append.run]\nx = 1\n", std::path::Path::new("inline.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("`append` changes a base scenario"), "{err}");
}

/// The README's example of `remove`, `[replace]` and `[append]` is a valid variant of the
/// baseline and does what its comments say.
#[test]
fn the_readme_example_of_variant_operations_holds() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("```toml\nbase = \"../baseline.toml\"\n# Removes keys")
        .expect("the example is in the README");
    let block = &readme[start + "```toml\n".len()..];
    let block = &block[..block.find("```").unwrap()];
    let dir = scratch_dir("readme_variant");
    fs::create_dir_all(&dir).unwrap();
    let variant = dir.join("example.toml");
    let base = repo().join("scenarios/baseline.toml");
    fs::write(
        &variant,
        block.replace("\"../baseline.toml\"", &format!("\"{}\"", base.display())),
    )
    .unwrap();
    let s = scenario::load(&variant).unwrap_or_else(|e| panic!("{e}"));
    let baseline = scenario::load(&base).unwrap();
    let law = s.network.law.as_ref().unwrap();
    let extensions: Vec<&str> = law
        .terms
        .rules()
        .extensions
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(extensions, ["complex", "pact_complex"]);
    assert!(law.court.is_empty(), "no court penalties");
    assert_eq!(s.window.horizon.as_days(), 730.0);
    let mut terms: Vec<&str> = law
        .terms
        .rules()
        .regimes
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    terms.dedup();
    assert_eq!(terms, ["asylum_six_months", "nareis"]);
    let blocks = |s: &scenario::Scenario| s.network.backlog.synthetic.len();
    assert_eq!(blocks(&s), blocks(&baseline) + 1);
}
