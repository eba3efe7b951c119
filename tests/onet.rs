//! Issue 20: O*NET as published (`--onet DIR`): what the occupation does, how to become one (the job
//! zone beside the agency's requirements) and O*NET's related occupations with the figures of their
//! SOC occupations. Fixtures trimmed from the real files (tests/fixtures/onet/make_onet.py, the
//! 29.3 and 27.0 releases), the real OEWS May 2023 rows of the related occupations
//! (oews/related_M2023_dl.csv) and the real 2024–34 projections workbook (ep/occupation_2024_34.xlsx).

mod common;

use common::{display, repo, stderr_of, stdout_of, wagescope};
use serde_json::Value;

fn fixture(path: &str) -> String {
    display(&repo().join("tests/fixtures").join(path))
}

/// The outlook report of `code` as its JSON twin, from the fixtures and O*NET release `release`.
fn report(release: &str, code: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json");
    let out = wagescope()
        .args(["--onet", &fixture(&format!("onet/{release}")), "--oews", &fixture("oews/related_M2023_dl.csv")])
        .args(["--projections", &fixture("ep/occupation_2024_34.xlsx")])
        .args(["report", "outlook", "--occupation", code, "--format", "json", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

fn texts(list: &Value, key: &str) -> Vec<String> {
    list.as_array().unwrap().iter().map(|v| v[key].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn what_medical_records_specialists_do_from_o_net_29_3() {
    let json = report("29.3", "29-2072");
    let w = &json["what_they_do"];
    assert_eq!(w["code"], "29-2072.00");
    assert!(w["description"].as_str().unwrap().starts_with("Compile, process, and maintain medical records"));
    // 17 task statements (IDs 22877–22893), none typed core or supplemental: in O*NET's order, six
    // shown and eleven behind "show all".
    assert_eq!(w["tasks"]["count"], 17);
    assert_eq!(w["tasks_untyped"], true);
    assert_eq!((w["tasks"]["shown"].as_array().unwrap().len(), w["tasks"]["more"].as_array().unwrap().len()), (6, 11));
    let all: Vec<String> =
        texts(&w["tasks"]["shown"], "text").into_iter().chain(texts(&w["tasks"]["more"], "text")).collect();
    assert!(all.contains(
        &"Identify, compile, abstract, and code patient data, using standard classification systems.".to_string()
    ));
    // 111 technology examples in 32 commodities; the five in demand (Epic Systems, Excel, Office,
    // Outlook, Word) lead, each in a commodity shown first.
    assert_eq!(w["technology"]["count"], 111);
    assert_eq!(w["technology"]["more"].as_array().unwrap().len(), 32, "every commodity behind show all");
    let shown = w["technology"]["shown"].as_array().unwrap();
    let demand: Vec<String> = shown
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap().iter().filter(|i| i["in_demand"] == true))
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        demand,
        ["Microsoft Outlook", "Epic Systems", "Microsoft Office software", "Microsoft Excel", "Microsoft Word"]
    );
    assert_eq!(shown[1]["commodity"], "Medical software");
    assert_eq!(w["in_demand_known"], true);
    assert_eq!(w["tools"]["count"], 24);
    // How to become one: Job Zone 3 beside the 2024–34 workbook's assignments.
    let zone = &json["entry"]["job_zone"];
    assert_eq!(zone["name"], "Job Zone Three: Medium Preparation Needed");
    assert_eq!(zone["rows"][0]["assigned"], "Postsecondary nondegree award");
    assert!(zone["rows"][0]["zone"].as_str().unwrap().starts_with("Most occupations in this zone require training"));
    // The attribution, as the licence asks.
    let sources = json["sources"].as_array().unwrap();
    let onet = sources.iter().find(|s| s["id"] == "onet-29.3").expect("O*NET is a source");
    assert!(onet["citation"].as_str().unwrap().starts_with(
        "This report includes information from the O*NET 29.3 Database by the U.S. Department of Labor, Employment \
         and Training Administration (USDOL/ETA), used under the CC BY 4.0 license"
    ));
    assert_eq!(onet["data_date"], "May 2025", "the folder's README names the release");
    assert!(onet["notes"].as_str().unwrap().contains("Changed by wagescope"));
}

#[test]
fn similar_occupations_are_o_net_s_related_ones_with_their_soc_figures() {
    let json = report("29.3", "29-2072");
    let s = &json["similar"];
    assert_eq!(s["kind"], "onet");
    let groups = s["groups"].as_array().unwrap();
    assert_eq!(texts(&s["groups"], "label").len(), 3, "Primary-Short, Primary-Long, Supplemental");
    let first = &groups[0]["rows"];
    assert_eq!(
        texts(first, "title"),
        [
            "Medical Transcriptionists",
            "Health Information Technologists and Medical Registrars",
            "Medical Assistants",
            "Medical Secretaries and Administrative Assistants",
            "File Clerks"
        ]
    );
    // Medical transcriptionists, OEWS May 2023: A_MEDIAN 37,060, TOT_EMP 52,420; 2024–34: 43.9 →
    // 41.8 thousand, -4.9%; typical education: postsecondary nondegree award.
    let mt = &first[0];
    assert_eq!(
        [&mt["code"], &mt["annual_median"], &mt["employment"], &mt["growth"], &mt["education"]],
        ["31-9094", "$37,060", "52,420", "-4.9%", "Postsecondary nondegree award"]
    );
    assert_eq!(mt["onet_code"], "31-9094.00");
    assert_eq!(mt["figures_note"], "");
    // Document Management Specialists (15-1299.03): the figures are of SOC 15-1299, and say so.
    let dms = groups[1]["rows"].as_array().unwrap().iter().find(|r| r["onet_code"] == "15-1299.03").unwrap();
    assert_eq!(dms["code"], "15-1299");
    assert_eq!(dms["figures_note"], "figures of SOC 15-1299 (Computer occupations, all other), which includes it");
    assert_eq!(groups[2]["rows"].as_array().unwrap().len(), 10);
    // The chart draws the primary tiers, each SOC occupation once.
    let chart = s["chart"]["spec"]["description"].as_str().unwrap();
    assert!(chart.contains("Medical records specialists (this occupation) $48,780"), "{chart}");
    assert!(!chart.contains("Physicians"), "supplemental tier not drawn: {chart}");
    // The batch links them: here, one report links nowhere.
    assert!(first.as_array().unwrap().iter().all(|r| r["href"].is_null()));
}

#[test]
fn a_27_0_release_is_read_by_its_header_names() {
    // 27.0: no Title columns, no In Demand, n/a for empty fields; Read Me.txt names the release.
    let json = report("27.0", "29-2072");
    let w = &json["what_they_do"];
    assert!(w["description"].as_str().unwrap().starts_with("Compile, process, and maintain medical records"));
    assert!(w["tasks"]["count"].as_u64().unwrap() > 10);
    assert_eq!(w["in_demand_known"], false, "27.0 has no In Demand column");
    let hot = w["technology"]["shown"][0]["items"][0]["hot"].as_bool().unwrap();
    assert!(hot, "hot technologies lead");
    let related = &json["similar"]["groups"][0]["rows"][0];
    assert_eq!(related["title"], "Medical Transcriptionists", "titles from Occupation Data when the file has none");
    let sources = json["sources"].as_array().unwrap();
    let onet = sources.iter().find(|s| s["id"] == "onet-27.0").expect("O*NET 27.0 is a source");
    assert_eq!(onet["data_date"], "August 2022");
    // The folder has its own Job Zone Reference.
    assert!(!onet["notes"].as_str().unwrap().contains("shipped with wagescope"));
}

#[test]
fn an_occupation_o_net_does_not_have_gets_its_report_without_the_o_net_sections() {
    // 29-9021 is in the fixture's Occupation Data with no tasks, technology or tools rows: "not
    // collected". 43-6013's O*NET occupation is absent from the fixture: no O*NET sections.
    let json = report("29.3", "29-9021");
    let w = &json["what_they_do"];
    assert_eq!(w["tasks"]["note"], "not collected by O*NET for this occupation");
    assert_eq!(w["technology"]["note"], "not collected by O*NET for this occupation");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.html");
    let out = wagescope()
        .args(["--onet", &fixture("onet/29.3"), "--oews", &fixture("oews/related_M2023_dl.csv")])
        .args(["report", "outlook", "--occupation", "13-0000", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let html = std::fs::read_to_string(file).unwrap();
    assert!(!html.contains("id=\"what-they-do\""));
    assert!(html.contains("has no occupation for SOC 13-0000: what the occupation does, its job zone and O*NET"));
}

#[test]
fn a_folder_that_is_not_o_net_names_what_it_found_and_expected() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello\n").unwrap();
    let out = wagescope()
        .args(["--onet"])
        .arg(dir.path())
        .args(["report", "outlook", "-o"])
        .arg(dir.path().join("r.html"))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("not an O*NET database folder: it has no Occupation Data.txt (or Occupation Data.xlsx) (got files notes.txt, expected the text files of an O*NET release (27.0 or later): Occupation Data.txt, Task Statements.txt"), "{err}");
    assert!(!dir.path().join("r.html").exists());
    let out = wagescope().args(["--onet", "/no/such/folder", "validate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_o_net_cells_are_named_by_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Occupation Data.txt"),
        "O*NET-SOC Code\tTitle\tDescription\n29-2072.00\tMedical Records Specialists\tCompile records.\n29-2072\tBad\tx\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("Job Zones.txt"), "O*NET-SOC Code\tJob Zone\n29-2072.00\tseven\n").unwrap();
    std::fs::write(dir.path().join("Related Occupations.txt"), "O*NET-SOC Code\tRelated\n").unwrap();
    let out = wagescope().args(["--onet"]).arg(dir.path()).arg("validate").output().unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let at = |file: &str| display(&dir.path().join(file));
    assert!(text.contains(&format!(
        "{}:3:1: error: column 'O*NET-SOC Code' is not an O*NET-SOC code (got \"29-2072\", expected a code like 29-2072.00)",
        at("Occupation Data.txt")
    )), "{text}");
    assert!(text.contains(&format!(
        "{}:1: error: not the O*NET Related Occupations file: no column Related O*NET-SOC Code, Relatedness Tier, Index",
        at("Related Occupations.txt")
    )), "{text}");
    // The Job Zones error is found too: every problem, not the first.
    assert!(
        text.contains(&format!("{}:2:2: error: column 'Job Zone' is not a job zone", at("Job Zones.txt"))),
        "{text}"
    );
}
