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
