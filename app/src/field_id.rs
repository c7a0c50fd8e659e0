//! Maps a rules field path (`social_worker.email`) to the HTML id of its input
//! (`social-worker-email`), so the error summary's links land on the right field.

pub fn field_id(path: &str) -> String {
    path.replace(['.', '_'], "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_ids() {
        assert_eq!(field_id("social_worker.email"), "social-worker-email");
        assert_eq!(field_id("placing_authority"), "placing-authority");
    }
}
