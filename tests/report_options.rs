//! Options every report takes (issue 6): the JSON twin, CSV exports, custom templates, branding,
//! the generation time, the input hash; and templates/README.md naming every context variable.

mod common;

use std::path::Path;

use common::{display, repo, stderr_of, stdout_of, wagescope};
use serde_json::Value;

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    wagescope().current_dir(dir).env_remove("SOURCE_DATE_EPOCH").args(args).output().expect("run")
}

fn ok(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", stderr_of(out));
    stdout_of(out)
}

#[test]
fn json_twin_has_the_context_page_and_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(ok(&run_in(dir.path(), &["report", "outlook", "--format", "json"])), "wagescope-outlook.json\n");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("wagescope-outlook.json")).expect("json"))
            .expect("parse");
    let hash = json["page"]["input_hash"].as_str().expect("hash");
    assert_eq!(hash.len(), 64);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(json["page"]["inputs"][0]["name"], "datasets/medical-coding/sources.csv");
    // Each input's own digest is the SHA-256 of its bytes, as sha256sum prints it.
    let sources = std::fs::read(repo().join("datasets/medical-coding/sources.csv")).expect("sources");
    let digest: String = {
        use sha2::Digest as _;
        sha2::Sha256::digest(&sources).iter().map(|b| format!("{b:02x}")).collect()
    };
    assert_eq!(json["page"]["inputs"][0]["sha256"], digest.as_str());
    // Every figure with its source, as numbers.
    let overall = &json["data"]["overall"][0];
    assert!(overall["source"].is_string() && overall["year"].is_number(), "{overall}");
    assert!(json["pay_by_setting"]["rows"][0]["refs"][0]["id"].is_string());
}

#[test]
fn export_dir_writes_every_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let printed = ok(&run_in(dir.path(), &["report", "outlook", "--export-dir", "tables"]));
    assert!(printed.starts_with("wagescope-outlook.html\ntables/sources-say.csv\n"), "{printed}");
    let csv = std::fs::read_to_string(dir.path().join("tables/pay-by-setting.csv")).expect("csv");
    // One row per setting, both bases side by side (issue 12).
    assert!(
        csv.starts_with(
            "setting,employment,occupation,year,annual_median,hourly_median,p10,p25,p75,p90,reference,note,refs\n"
        ),
        "{csv}"
    );
    // Plain numbers any program reads as numbers (issue 20): $42,760 is 42760.
    assert!(csv.contains("Federal executive branch,,29-2071,2008,42760,,,,,,false,"), "{csv}");
    assert!(csv.contains("[4] 003_ad72e794b913f29a.txt (2008)"), "{csv}");
    for file in ["employment.csv", "projections.csv", "sources.csv", "credentials.csv"] {
        assert!(dir.path().join("tables").join(file).is_file(), "{file}");
    }
    let projections = std::fs::read_to_string(dir.path().join("tables/projections.csv")).expect("csv");
    assert!(
        projections.contains("2008–2018,29-2071,172500,207600,35100,20,1.87,much faster than average,3510,"),
        "{projections}"
    );
    // The embedded data have no state or area figures: no empty pay-by-area.csv.
    assert!(!dir.path().join("tables/pay-by-area.csv").exists());
    assert!(!printed.contains("pay-by-area.csv"), "{printed}");
    let printed = ok(&run_in(dir.path(), &["report", "benchmark", "--export-dir", "bench", "--offer", "40000"]));
    assert!(printed.contains("bench/market.csv") && printed.contains("bench/offer.csv"), "{printed}");
}

#[test]
fn branding_time_and_hash_in_the_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    ok(&run_in(
        dir.path(),
        &["report", "outlook", "-o", "a.html", "--title", "Coders & <pay>", "--organization", "Lakeside College"],
    ));
    let html = std::fs::read_to_string(dir.path().join("a.html")).expect("html");
    assert!(
        html.contains("<title>Coders &amp; &lt;pay&gt;</title>") && html.contains("<h1>Coders &amp; &lt;pay&gt;</h1>")
    );
    assert!(html.contains("<p class=\"organization\">Lakeside College</p>"));
    assert!(html.contains("for Lakeside College."), "footer names the organization");
    assert!(!html.contains(" on 19") && !html.contains(" on 20"), "no time unless asked for");
    assert!(html.contains("their SHA-256 digests combined: <code class=\"hash\">"));

    ok(&run_in(dir.path(), &["report", "outlook", "-o", "b.html", "--generated-at", "2026-11-24T10:00Z"]));
    assert!(std::fs::read_to_string(dir.path().join("b.html")).expect("html").contains(" on 2026-11-24T10:00Z."));
    let out = wagescope()
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1795521600")
        .args(["report", "outlook", "-o", "c.html"])
        .output()
        .expect("run");
    ok(&out);
    assert!(std::fs::read_to_string(dir.path().join("c.html")).expect("html").contains(" on 2026-11-24 12:00:00 UTC."));
    let out = wagescope()
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "soon")
        .args(["report", "outlook"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_input_hash_follows_the_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hash = |args: &[&str]| {
        let mut all = vec!["report", "outlook", "--format", "json", "-o", "r.json"];
        all.extend(args);
        ok(&run_in(dir.path(), &all));
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).expect("json")).expect("parse");
        json["page"]["input_hash"].as_str().expect("hash").to_string()
    };
    let embedded = hash(&[]);
    assert_eq!(embedded, hash(&[]), "same inputs, same hash");
    let copy = common::dataset_with(&[]);
    let copied = hash(&["--data", &display(copy.path())]);
    assert_eq!(embedded, copied, "a copy of the same files, elsewhere, has the same hash");
    let sources = std::fs::read_to_string(copy.path().join("sources.csv")).expect("sources");
    std::fs::write(copy.path().join("sources.csv"), sources.replace("Oct 2021", "Oct. 2021")).expect("write");
    assert_ne!(copied, hash(&["--data", &display(copy.path())]), "a changed byte changes the hash");
}

#[test]
fn custom_templates_override_by_name_and_stay_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("mine");
    std::fs::create_dir(&templates).expect("mkdir");
    std::fs::write(
        templates.join("outlook.html"),
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">{{ page.title }}: {{ facts | length }} facts</p>{% endblock content %}",
    )
    .expect("write");
    ok(&run_in(dir.path(), &["report", "outlook", "--templates", "mine", "--title", "<i>x</i>", "-o", "r.html"]));
    let html = std::fs::read_to_string(dir.path().join("r.html")).expect("html");
    // 10 facts: issue 12 split the projection's numeric change and openings into facts of their own.
    assert!(html.contains("<p id=\"custom\">&lt;i&gt;x&lt;&#x2F;i&gt;: 10 facts</p>"), "{html}");
    assert!(html.contains("<footer class=\"page\">"), "base.html stays built in");
    // The other report is untouched by an outlook override.
    ok(&run_in(dir.path(), &["report", "benchmark", "--templates", "mine", "-o", "b.html"]));
    assert!(
        std::fs::read_to_string(dir.path().join("b.html")).expect("html").contains("Market percentiles and pay range")
    );
}

#[test]
fn template_errors_name_the_file_and_line_and_write_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("broken");
    std::fs::create_dir(&templates).expect("mkdir");
    std::fs::write(
        templates.join("outlook.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.title </p>\n{% endblock content %}\n",
    )
    .expect("write");
    let out = run_in(dir.path(), &["report", "outlook", "--templates", "broken", "-o", "r.html"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    let file = display(&Path::new("broken").join("outlook.html"));
    assert!(err.contains(&format!("error: {file}:3:19: template syntax error: expected")), "{err}");
    assert!(!dir.path().join("r.html").exists());

    let out = run_in(dir.path(), &["report", "outlook", "--templates", "missing"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--templates missing: no such directory"));
}

/// templates/README.md documents every variable a template receives: each top-level key of the
/// JSON twin (which is the template context) and of its sections appears there in backticks.
#[test]
fn templates_readme_names_every_context_variable() {
    let readme = std::fs::read_to_string(repo().join("templates/README.md")).expect("templates/README.md");
    let dir = tempfile::tempdir().expect("temp dir");
    ok(&run_in(dir.path(), &["sample", "--rows", "300", "--seed", "1", "-o", "s.csv"]));
    ok(&run_in(dir.path(), &["report", "outlook", "--microdata", "s.csv", "--format", "json", "-o", "o.json"]));
    std::fs::copy(repo().join("examples/roster.csv"), dir.path().join("roster.csv")).expect("copy");
    ok(&run_in(
        dir.path(),
        &[
            "report",
            "benchmark",
            "--microdata",
            "s.csv",
            "--offer",
            "50000",
            "--roster",
            "roster.csv",
            "--format",
            "json",
            "-o",
            "b.json",
        ],
    ));
    ok(&run_in(dir.path(), &["sample", "--payroll", "--rows", "2000", "--seed", "1", "-o", "p.csv"]));
    ok(&run_in(dir.path(), &["report", "paygap", "--microdata", "p.csv", "--format", "json", "-o", "p.json"]));
    for file in ["o.json", "b.json", "p.json"] {
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join(file)).expect("json")).expect("parse");
        let Value::Object(top) = json else { panic!("not an object") };
        for (key, value) in &top {
            assert!(readme.contains(&format!("`{key}")), "templates/README.md does not mention `{key}`");
            if key == "data" {
                continue;
            }
            if let Value::Object(inner) = value {
                for k in inner.keys() {
                    assert!(
                        readme.contains(&format!("`{k}`")) || readme.contains(&format!("`{key}.{k}`")),
                        "templates/README.md does not mention {key}.{k}"
                    );
                }
            }
        }
    }
}
