//! `GET /api/placement-check?placing=…&postcode=…[&home=…]`: which authority, district and division
//! a placement postcode is in, whether the placement is distant, and how far from home.
//! Malformed input is 400, an unknown postcode or authority 404, each with a sentence to act on.

use axum::Json;
use axum::extract::{Query, State};
use contract::{Named, PlacementCheck};
use placement_rules::Register;
use placement_rules::adjacency::Adjacency;
use placement_rules::distance::{determine_distance, explain};
use placement_rules::locate::{Purpose, locate};
use placement_rules::text::Postcode;
use serde::Deserialize;

use crate::clock;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct Params {
    pub placing: Option<String>,
    pub postcode: Option<String>,
    pub home: Option<String>,
}

fn postcode(text: Option<&str>, what: &str) -> Result<Postcode, AppError> {
    let text = text
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| AppError::BadRequest(format!("Enter the {what}")))?;
    Postcode::parse(text)
        .ok_or_else(|| AppError::BadRequest(format!("Enter a real postcode for the {what}, like ME14 1XQ")))
}

/// The same check with the postcodes in the body, so they stay out of addresses and access logs:
/// what the app asks for a postcode outside the hosts it holds.
pub async fn check_posted(
    State(state): State<AppState>,
    Json(q): Json<contract::PlacementQuestion>,
) -> Result<Json<PlacementCheck>, AppError> {
    check(State(state), Query(Params { placing: Some(q.placing), postcode: Some(q.postcode), home: q.home })).await
}

pub async fn check(State(state): State<AppState>, Query(q): Query<Params>) -> Result<Json<PlacementCheck>, AppError> {
    let register = Register::builtin();
    let code = q.placing.as_deref().map(str::trim).filter(|t| !t.is_empty()).ok_or_else(|| {
        AppError::BadRequest("Enter the placing authority's GSS code (like E08000035) or DfE code (like 383)".into())
    })?;
    let looks_like_code = (code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()))
        || (code.len() == 9 && code.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !looks_like_code {
        return Err(AppError::BadRequest(
            "Enter the placing authority's GSS code (like E08000035) or DfE code (like 383)".into(),
        ));
    }
    let placing = register.find(code).ok_or_else(|| {
        AppError::NotFound(format!("No placing authority has the code {code}. Check it and try again"))
    })?;
    let pc = postcode(q.postcode.as_deref(), "placement postcode")?;
    // Where it is, in the rules' words: the same answer the forms' checks give.
    let ctx = state.rules_context(clock::uk_today(), None);
    let place = locate(pc.as_str(), &ctx).map_err(|why| {
        let said = why
            .finding("postcode", &ctx.served(), Purpose::Consult)
            .map_or_else(|| "We cannot look up postcodes at the moment. Try again later".to_owned(), |f| f.message);
        AppError::NotFound(said)
    })?;
    let host = place.authority;
    let found = state.postcodes.get(&pc).ok_or_else(|| AppError::internal("a located postcode has no grid entry"))?;
    let district = (place.lower_tier != host.gss).then(|| Named {
        code: place.lower_tier.clone(),
        name: place
            .district
            .map(|d| d.name.clone())
            .or_else(|| state.district_names.district_name(&place.lower_tier).map(str::to_owned))
            .unwrap_or_else(|| place.lower_tier.clone()),
    });
    let division = place.division.map(|d| Named { code: d.id.clone(), name: d.name.clone() });
    let distance_miles = match q.home.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(_) => {
            let home = postcode(q.home.as_deref(), "child's home postcode")?;
            let home = state.postcodes.get(&home).ok_or_else(|| {
                AppError::NotFound(format!("We cannot find the home postcode {home}. Check it and try again"))
            })?;
            match (home.grid, found.grid) {
                (Some(a), Some(b)) => Some(a.reported_miles_to(b)),
                _ => None,
            }
        }
    };
    let distant = determine_distance(placing, host, Adjacency::builtin());
    let explained = explain(distant, None, placing, host);
    let said = match place.outside_host("postcode", Purpose::Consult, ctx.register) {
        None => {
            let (district_name, division_name) = (place.district.map(|d| &d.name), place.division.map(|d| &d.name));
            let whereabouts = match (district_name, division_name, place.host) {
                (Some(d), Some(v), Some(h)) => format!("This postcode is in {d}, in {}'s {v} division.", h.short_name),
                _ => format!("This postcode is in {}.", host.name),
            };
            format!("{whereabouts} {explained}")
        }
        Some(elsewhere) if host.country == placement_rules::register::Country::England => {
            format!("{}. {explained}", elsewhere.message)
        }
        Some(elsewhere) => elsewhere.message,
    };
    Ok(Json(PlacementCheck {
        placing: Named { code: placing.gss.clone(), name: placing.name.clone() },
        host: Named { code: host.gss.clone(), name: host.name.clone() },
        district,
        division,
        distant,
        distance_miles,
        served: place.in_host,
        said,
    }))
}
