//! The page's title, as GOV.UK writes it: "Error: " first when the page has errors, so a screen
//! reader user hears it before anything else, then the page and the service.

pub const SERVICE: &str = "Consult Kent about a placement";

pub fn title_for(page: &str, has_errors: bool) -> String {
    let title = format!("{page} - {SERVICE}");
    if has_errors { format!("Error: {title}") } else { title }
}

pub fn set_page_title(page: &str, has_errors: bool) {
    if let Some(doc) = leptos::prelude::window().document() {
        doc.set_title(&title_for(page, has_errors));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_first() {
        assert_eq!(title_for("About you", false), "About you - Consult Kent about a placement");
        assert_eq!(title_for("About you", true), "Error: About you - Consult Kent about a placement");
    }
}
