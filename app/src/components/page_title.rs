//! The page's title, as GOV.UK writes it: "Error: " first when the page has errors, so a screen
//! reader user hears it before anything else, then the page and the service. The service's name is
//! the deployment's (the relay writes it into the page's `application-name`), never compiled in.

/// The service's name as the page that loaded the app gives it.
pub fn service_name() -> String {
    meta("application-name").unwrap_or_else(|| "Out-of-area placements".to_owned())
}

/// Who runs the service, as the page that loaded the app gives it.
pub fn organisation() -> String {
    meta("organisation").unwrap_or_default()
}

fn meta(name: &str) -> Option<String> {
    let doc = leptos::prelude::window().document()?;
    let element = doc.query_selector(&format!("meta[name=\"{name}\"]")).ok()??;
    element.get_attribute("content").filter(|c| !c.is_empty() && !c.contains("{{"))
}

pub fn title_for(page: &str, service: &str, has_errors: bool) -> String {
    let title = if page == service { service.to_owned() } else { format!("{page} - {service}") };
    if has_errors { format!("Error: {title}") } else { title }
}

pub fn set_page_title(page: &str, has_errors: bool) {
    if let Some(doc) = leptos::prelude::window().document() {
        doc.set_title(&title_for(page, &service_name(), has_errors));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_first() {
        let service = "Consult a host council about a placement";
        assert_eq!(title_for("About you", service, false), "About you - Consult a host council about a placement");
        assert_eq!(
            title_for("About you", service, true),
            "Error: About you - Consult a host council about a placement"
        );
        assert_eq!(title_for(service, service, false), service, "the start page is the service");
    }
}
