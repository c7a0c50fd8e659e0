//! The tables built from the real ONS Postcode Directory (`scripts/geodata`, which the README's
//! commands run first). Postcodes here are those of council and civic buildings, never homes.

use std::path::PathBuf;
use std::sync::LazyLock;

use placement_rules::geography::{Geography, Located};
use placement_rules::host::HostConfig;
use placement_rules::text::Postcode;
use postcodes::PostcodeTable;

fn geodata(file: &str) -> PathBuf {
    let dir = std::env::var_os("OLA_GEODATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../var/geodata"));
    dir.join(file)
}

fn load(file: &str) -> PostcodeTable {
    let path = geodata(file);
    let bytes = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}. Run scripts/geodata (scripts/setup runs it) first", path.display()));
    PostcodeTable::from_bytes(bytes).unwrap()
}

static UK: LazyLock<PostcodeTable> = LazyLock::new(|| load("uk-postcodes.bin"));
/// Kent's postcodes as a browser holds them for a relay serving Kent (relay::hosts::served_table).
static KENT: LazyLock<PostcodeTable> = LazyLock::new(|| PostcodeTable::from_bytes(UK.only(&["E10000016"])).unwrap());

fn pc(text: &str) -> Postcode {
    Postcode::parse(text).unwrap()
}

#[test]
fn every_uk_postcode_is_there() {
    assert!(UK.len() > 2_600_000, "{} postcodes", UK.len());
    assert!(UK.source().contains("Open Government Licence v3.0"));
    assert!(!UK.is_partial());
}

#[test]
fn each_of_kents_twelve_districts_and_its_division() {
    let kent = HostConfig::kent();
    let cases = [
        ("ME14 1XQ", "E07000110", "North/West"), // Maidstone: County Hall
        ("DA1 1DR", "E07000107", "North/West"),  // Dartford: Civic Centre
        ("DA12 1AU", "E07000109", "North/West"), // Gravesham: Civic Centre
        ("TN13 1HG", "E07000111", "North/West"), // Sevenoaks: council offices
        ("ME19 4LZ", "E07000115", "North/West"), // Tonbridge and Malling: Kings Hill
        ("TN1 1RS", "E07000116", "North/West"),  // Tunbridge Wells: Town Hall
        ("TN23 1PL", "E07000105", "South/East"), // Ashford: Civic Centre
        ("CT16 3PJ", "E07000108", "South/East"), // Dover: council offices
        ("CT20 2QY", "E07000112", "South/East"), // Folkestone and Hythe: Civic Centre
        ("CT1 1YW", "E07000106", "South/East"),  // Canterbury: council offices
        ("ME10 3HT", "E07000113", "South/East"), // Swale: Swale House
        ("CT9 1XZ", "E07000114", "South/East"),  // Thanet: council offices
    ];
    for (postcode, district, division) in cases {
        for table in [&*UK, &*KENT] {
            let e = table.get(&pc(postcode)).unwrap_or_else(|| panic!("{postcode} missing"));
            assert_eq!(e.lower_tier, district, "{postcode}");
            assert_eq!(e.upper_tier, "E10000016", "{postcode} is in Kent");
            assert_eq!(kent.division_of_district(&e.lower_tier).unwrap().name, division, "{postcode}");
        }
    }
}

#[test]
fn postcode_areas_shared_with_kent_resolve_to_the_right_authority() {
    let cases = [
        ("ME4 4TR", "E06000035"),  // Medway: Gun Wharf (ME, like Maidstone)
        ("TN34 3UY", "E10000011"), // Hastings, East Sussex (TN, like Tunbridge Wells)
        ("TN6 1DH", "E10000011"),  // Crowborough, Wealden, East Sussex
        ("DA6 7AT", "E09000004"),  // Bexley: Civic Offices (DA, like Dartford)
        ("BR1 3UH", "E09000006"),  // Bromley: Civic Centre (BR)
        ("BR8 7BU", "E10000016"),  // Swanley, Sevenoaks: a BR postcode in Kent
        ("SW1E 6QP", "E09000033"), // Westminster: a London borough
        ("LS1 1UR", "E08000035"),  // Leeds: a far authority
    ];
    for (postcode, upper) in cases {
        assert_eq!(UK.get(&pc(postcode)).unwrap().upper_tier, upper, "{postcode}");
        let in_kent = upper == "E10000016";
        let located = KENT.locate(&pc(postcode));
        assert_eq!(matches!(located, Located::In(_)), in_kent, "{postcode} in the browser table: {located:?}");
        if !in_kent {
            assert_eq!(located, Located::OutsideCoverage, "{postcode}");
        }
    }
}

#[test]
fn every_authority_in_the_register_has_postcodes_in_the_directory() {
    // Cross-checks the register, including the Scottish council codes transcribed by hand and the
    // 2025 codes for Barnsley and Sheffield, against the directory's own codes.
    let missing: Vec<String> = placement_rules::Register::builtin()
        .all()
        .iter()
        .filter(|a| !UK.upper_tiers().contains(&a.gss))
        .map(|a| format!("{} {}", a.gss, a.name))
        .collect();
    assert!(missing.is_empty(), "not in the ONS Postcode Directory: {missing:?}");
}

#[test]
fn malformed_and_unknown_postcodes_differ() {
    assert!(Postcode::parse("ME14").is_none(), "malformed: never reaches the table");
    assert_eq!(UK.locate(&pc("QQ1 1QQ")), Located::NotFound, "well-formed but never issued (no QQ area)");
    assert_eq!(UK.locate(&pc("ME14 1CK")), Located::NotFound, "Royal Mail never issues C, I, K, M, O or V there");
    assert_eq!(UK.locate(&pc("me141xq")), UK.locate(&pc("ME14 1XQ")), "any case, any spacing");
}

#[test]
fn miles_from_home_to_placement() {
    let leeds = UK.get(&pc("LS1 1UR")).unwrap().grid.unwrap();
    let maidstone = UK.get(&pc("ME14 1XQ")).unwrap().grid.unwrap();
    let miles = leeds.miles_to(maidstone);
    // The directory puts Leeds Civic Hall 146.2 km west and 277.8 km north of County Hall,
    // Maidstone: 313.9 km, or 195.05 miles, as the crow flies.
    assert!((miles - 195.05).abs() < 0.01, "Leeds to Maidstone: {miles} miles");
    let dartford = UK.get(&pc("DA1 1DR")).unwrap().grid.unwrap();
    let bexley = UK.get(&pc("DA6 7AT")).unwrap().grid.unwrap();
    assert!(dartford.miles_to(bexley) < 5.0);
}

#[test]
fn the_committed_adjacency_table_is_what_the_directory_gives() {
    let register = placement_rules::Register::builtin();
    let points: Vec<(String, postcodes::GridRef)> =
        UK.entries().filter_map(|e| e.grid.map(|g| (e.upper_tier, g))).collect();
    let reviewed = include_str!("../data/adjacency_reviewed.csv");
    let derived = postcodes::adjacency::derive_csv(&points, reviewed, |code| register.find(code).is_some());
    let committed = include_str!("../../placement-rules/data/adjacency.csv");
    assert!(derived == committed, "adjacency.csv is out of date: run scripts/geodata --adjacency and review the diff");
}
