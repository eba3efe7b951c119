//! Issue 12, the Handbook's sections: quick facts from the projections, the occupation's pay beside
//! its major group's and all occupations', "How to become one" and "Similar occupations".
//! Fixture: tests/fixtures/oews/similar_M2023_dl.csv, the May 2023 national OEWS file trimmed to
//! 00-0000, 11-0000 (with 11-9111), 29-0000, all of minor group 29-2000, 29-1141 and 29-9021
//! (values as published; made by make_similar.py), with the 2023–33 projections of
//! tests/fixtures/ep/occupation_2023_33.xlsx.

mod common;

use common::{stderr_of, wagescope};

fn fixture(path: &str) -> String {
    common::repo().join("tests/fixtures").join(path).display().to_string()
}

const OEWS: &str = "oews/similar_M2023_dl.csv";
const EP: &str = "ep/occupation_2023_33.xlsx";

/// `report outlook --occupation CODE` (HTML) on the given files (`(flag, fixture path)`).
fn report(files: &[(&str, &str)], occupation: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.html");
    let mut cmd = wagescope();
    for (flag, file) in files {
        cmd.arg(flag).arg(fixture(file));
    }
    let out = cmd.args(["report", "outlook", "--occupation", occupation, "-o"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    std::fs::read_to_string(&path).unwrap()
}

fn section<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!("<section id=\"{id}\""))?;
    let end = start + html[start..].find("</section>").expect("section end");
    Some(&html[start..end])
}

/// The table of contents' anchors, in order.
fn toc(html: &str) -> Vec<String> {
    let nav = &html[html.find("<nav class=\"toc\"").unwrap()..html.find("</nav>").unwrap()];
    nav.split("<a href=\"#").skip(1).map(|s| s[..s.find('"').unwrap()].to_string()).collect()
}

/// The `<dd>` of the quick fact labelled `label`.
fn fact<'a>(facts: &'a str, label: &str) -> &'a str {
    let start = facts.find(&format!("<dt>{label}</dt>")).unwrap_or_else(|| panic!("no fact {label}: {facts}"));
    let rest = &facts[start..];
    &rest[..rest.find("</dd>").unwrap()]
}

/// Cells of each body row of the first table in `html`: (row header, data cells).
fn rows(html: &str) -> Vec<Vec<String>> {
    let body = &html[html.find("<tbody>").unwrap()..html.find("</tbody>").unwrap()];
    body.split("<tr")
        .skip(1)
        .map(|tr| {
            tr.split("<t")
                .skip(1)
                .map(|cell| {
                    let text = &cell[cell.find('>').unwrap() + 1..];
                    let text = text.split("</t").next().unwrap();
                    // Drop tags inside the cell (links, notes, footnotes) but keep their text.
                    let mut out = String::new();
                    let mut inside = false;
                    for ch in text.chars() {
                        match ch {
                            '<' => inside = true,
                            '>' => inside = false,
                            c if !inside => out.push(c),
                            _ => {}
                        }
                    }
                    out.trim().to_string()
                })
                .collect()
        })
        .collect()
}

#[test]
fn issue12_quick_facts_give_the_newest_projection_and_the_agency_requirements() {
    let html = report(&[("--oews", OEWS), ("--projections", EP)], "29-2072");
    let facts = section(&html, "quick-facts").expect("quick facts");
    // EP 2023–33, 29-2072: 194.8 → 211.6 thousand, +16.8 thousand, +8.6%, openings 15.0 thousand;
    // all occupations +4.0%; typical education "Postsecondary nondegree award". Source [2] (the
    // OEWS file is [1]).
    let ep = "<sup class=\"ref\"><a href=\"#source-2\"";
    let outlook = fact(facts, "Job outlook");
    assert!(outlook.contains(&format!("+8.6% (2023–33){ep}")), "{outlook}");
    assert!(outlook.contains(&format!("above the +4.0% for all occupations{ep}")), "{outlook}");
    assert!(outlook.contains("wording for the 2023–2033 projections is not known to wagescope"), "{outlook}");
    assert!(fact(facts, "Employment change, 2023–33").contains(&format!("+16,800 jobs{ep}")));
    assert!(fact(facts, "Openings a year, 2023–33").contains(&format!("15,000 (published){ep}")));
    assert!(fact(facts, "Typical entry-level education").contains(&format!("Postsecondary nondegree award{ep}")));
    // "None" (29-2072's experience and training) is stated, as the Handbook does.
    assert!(fact(facts, "Work experience in a related occupation").contains(&format!("None{ep}")));
    assert!(fact(facts, "On-the-job training").contains(&format!("None{ep}")));
    assert!(!facts.contains("typical education needed for entry:"), "the route is not repeated raw: {facts}");
    // The newest OEWS figures stay: median 48,780 a year, 185,690 jobs.
    assert!(facts.contains("185,690 jobs (2023; SOC 29-2072)"));
}

#[test]
fn issue12_pay_compares_the_major_group_and_all_occupations() {
    let html = report(&[("--oews", OEWS), ("--projections", EP)], "29-2072");
    let pay = section(&html, "pay").expect("pay section");
    // Titles are the newest file's: the EP table (base year 2023, as OEWS) writes them in sentence case.
    // May 2023 national: A_MEDIAN, H_MEDIAN, TOT_EMP of 29-2072, 29-0000 and 00-0000.
    assert_eq!(
        rows(pay),
        [
            ["Medical Records Specialists", "29-2072", "$48,780", "$23.45", "185,690", "[1]"],
            [
                "Healthcare Practitioners and Technical Occupations (major group)",
                "29-0000",
                "$80,820",
                "$38.86",
                "9,284,210",
                "[1]"
            ],
            ["All occupations", "00-0000", "$48,060", "$23.11", "151,853,870", "[1]"],
        ]
    );
    assert!(pay.contains("<title id=\"pay-compare-title\">Median annual pay, 2023-05: the occupation, its major group and all occupations</title>"));
    assert!(pay.contains(
        "Bar chart of median annual pay in 2023-05: Medical Records Specialists $48,780; Healthcare Practitioners and \
         Technical Occupations (major group) $80,820; All occupations $48,060. Source: [1] similar_M2023_dl.csv."
    ));
    assert!(!pay.contains("Management Occupations"), "another major group is not compared");
}

#[test]
fn issue12_sections_follow_the_handbook_order() {
    let html = report(&[("--oews", OEWS), ("--projections", EP)], "29-2072");
    // OEWS May 2023 and the EP table's May 2024 median are two sources: "What the sources say" too.
    assert_eq!(
        toc(&html),
        ["quick-facts", "entry", "pay", "history", "outlook", "similar", "sources-say", "methods", "sources"]
    );
    let entry = section(&html, "entry").expect("how to become one");
    assert!(entry.contains("<h2 id=\"entry-h\">How to become one</h2>"));
    assert_eq!(
        rows(entry),
        [
            ["Typical entry-level education", "Postsecondary nondegree award", "[2]"],
            ["Work experience in a related occupation", "None", "[2]"],
            ["On-the-job training", "None", "[2]"]
        ]
    );
    let at = |id: &str| html.find(&format!("<section id=\"{id}\"")).unwrap();
    // The Handbook's order (issue 20): how to become one before pay.
    assert!(at("quick-facts") < at("entry") && at("entry") < at("pay"));
    assert!(at("pay") < at("history") && at("history") < at("outlook"));
    assert!(at("outlook") < at("similar") && at("similar") < at("sources-say") && at("sources-say") < at("methods"));
    assert!(at("methods") < at("sources"));
}

#[test]
fn issue12_similar_occupations_are_the_minor_group_in_code_order_at_most_twelve() {
    let html = report(&[("--oews", OEWS), ("--projections", EP)], "29-2072");
    let similar = section(&html, "similar").expect("similar occupations");
    let table = rows(similar);
    let codes: Vec<&str> = table.iter().map(|r| r[1].as_str()).collect();
    // 29-2070 has no other member; minor group 29-2000 has 20 detailed occupations (29-2010 is
    // published as detailed; 29-2030, 29-2040 … are broad groups with members): the first 12.
    assert_eq!(
        codes,
        [
            "29-2010", "29-2031", "29-2032", "29-2033", "29-2034", "29-2035", "29-2036", "29-2042", "29-2043",
            "29-2051", "29-2052", "29-2053"
        ]
    );
    assert!(similar.contains("the first 12 of 20 in code order"), "{similar}");
    assert!(similar.contains(
        "Other detailed occupations of broad group 29-2070 (Medical Records Specialists) first, then of minor group \
         29-2000 (Health Technologists and Technicians)"
    ));
    // Pharmacy technicians: A_MEDIAN 40,300, TOT_EMP 460,280, EP 2023–33 +6.5%.
    let pharmacy = table.iter().find(|r| r[1] == "29-2052").unwrap();
    assert_eq!(
        pharmacy[..],
        ["Pharmacy Technicians same minor group", "29-2052", "$40,300", "460,280", "+6.5% (2023–33)", "[1][2]"]
    );
    assert_eq!(
        table[0][..4],
        ["Clinical Laboratory Technologists and Technicians same minor group", "29-2010", "$60,780", "334,380"]
    );
    assert!(!similar.contains("href=\"29-"), "a single report links nowhere");
    for absent in ["29-2072</td>", "29-9021", "29-1141", "11-9111", "29-2030<", "29-2000</td>"] {
        assert!(!similar.contains(absent), "{absent} is listed: {similar}");
    }
    // The chart: the occupation in colour among the others, highest median first.
    assert!(similar.contains("<title id=\"similar-title\">Median annual pay, 2023-05: Medical Records Specialists and similar occupations</title>"));
    assert!(similar.contains("highest first: Medical Dosimetrists $132,880; Nuclear Medicine Technologists $92,500;"));
    assert!(similar.contains("Medical Records Specialists (this occupation) $48,780"));
}

#[test]
fn issue12_similar_occupations_put_the_broad_group_first() {
    let html = report(&[("--oews", OEWS)], "29-2031");
    let similar = section(&html, "similar").expect("similar occupations");
    let codes: Vec<String> = rows(similar).into_iter().map(|r| r[1].clone()).collect();
    assert_eq!(
        codes,
        [
            "29-2032", "29-2033", "29-2034", "29-2035", "29-2036", "29-2010", "29-2042", "29-2043", "29-2051",
            "29-2052", "29-2053", "29-2055"
        ]
    );
    assert!(similar.contains("the first 12 of 20 in code order"));
    assert_eq!(similar.matches("same broad group").count(), 5);
}

#[test]
fn issue12_sections_without_their_data_are_absent() {
    // One occupation's rows only (no group rows, no other occupation), no projections.
    let html = report(&[("--oews", "oews/national_M2023_dl.csv")], "29-2072");
    for id in ["pay", "similar", "entry"] {
        assert!(section(&html, id).is_none(), "{id} is shown without data");
        assert!(!toc(&html).contains(&id.to_string()), "{id} is in the table of contents");
    }
    assert!(!html.contains("Job outlook</dt>") && !html.contains("Typical entry-level education"));
    // Without 29-0000 and 00-0000 there is nothing to compare with, but similar occupations stay.
    let html = report(&[("--oews", OEWS)], "29-9021");
    assert!(section(&html, "similar").is_none(), "29-9021 is alone in minor group 29-9000 here");
    assert!(section(&html, "pay").is_some());
}
