//! Documents uploaded with a submission: the care plan (required for a distant placement) and
//! others. The type is read from the file's content, never its name; files stay with the case and
//! are never attached to an email.

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::access::require_case;
use crate::clock;
use crate::error::AppError;
use crate::state::AppState;
use crate::tokens::{Scope, random_secret, sha256_hex};

pub const MAX_BYTES: usize = contract::MAX_UPLOAD_BYTES;

/// What may be uploaded: PDF, Word, and photographs or scans.
const ALLOWED: &[&str] = &[
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/rtf",
    "image/jpeg",
    "image/png",
    "image/heif",
    "image/tiff",
];

#[derive(Debug, Serialize)]
pub struct Uploaded {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: usize,
}

/// Decodes the `X-File-Name` header, which the app percent-encodes (names may hold any character).
fn file_name(headers: &HeaderMap) -> String {
    let raw = headers.get("x-file-name").and_then(|v| v.to_str().ok()).unwrap_or("document");
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b, bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    let name: String = String::from_utf8_lossy(&out)
        .chars()
        .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
        .take(255)
        .collect();
    if name.trim().is_empty() { "document".into() } else { name }
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The content type, read from the bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if is_word_document(bytes) {
        return Some(DOCX);
    }
    let mime = infer::get(bytes)?.mime_type();
    ALLOWED.iter().find(|a| **a == mime).copied()
}

/// A Word (.docx) file is a ZIP holding `[Content_Types].xml` and `word/document.xml`. `infer`
/// recognises one only when its entries come in Word's own order, so files saved by other tools
/// would be refused; this reads the entry names from the ZIP's local headers instead.
fn is_word_document(bytes: &[u8]) -> bool {
    const LOCAL_HEADER: &[u8] = b"PK\x03\x04";
    if !bytes.starts_with(LOCAL_HEADER) {
        return false;
    }
    let (mut content_types, mut document) = (false, false);
    // Entry names sit 30 bytes into each local header; scan the first megabyte for headers.
    let window = bytes.get(..bytes.len().min(1 << 20)).unwrap_or(bytes);
    let mut at = 0;
    while let Some(found) = window.get(at..).and_then(|rest| rest.windows(4).position(|w| w == LOCAL_HEADER)) {
        let header = at + found;
        let name_len = match window.get(header + 26..header + 28) {
            Some([lo, hi]) => usize::from(u16::from_le_bytes([*lo, *hi])),
            _ => break,
        };
        if let Some(name) = window.get(header + 30..header + 30 + name_len) {
            content_types |= name == b"[Content_Types].xml";
            document |= name == b"word/document.xml";
        }
        if content_types && document {
            return true;
        }
        at = header + 4;
    }
    false
}

pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Uploaded>), AppError> {
    if body.is_empty() {
        return Err(AppError::BadRequest("The selected file is empty".into()));
    }
    if body.len() > MAX_BYTES {
        return Err(AppError::TooLarge("The selected file must be smaller than 10MB".into()));
    }
    let content_type = sniff(&body)
        .ok_or_else(|| AppError::Unsupported("The selected file must be a PDF, Word document, JPG or PNG".into()))?;
    let id = format!("att-{}", random_secret().map_err(AppError::internal)?);
    let name = file_name(&headers);
    state
        .store
        .insert_attachment(&id, content_type, &name, &sha256_hex(&body), &body, &clock::timestamp(clock::now()))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(Uploaded { id, file_name: name, content_type: content_type.to_owned(), size: body.len() }),
    ))
}

pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let not_found = || AppError::NotFound("There is no such document.".into());
    let meta = state.store.attachment_meta(&id).await?.ok_or_else(not_found)?;
    let case = meta.case_reference.clone().ok_or_else(not_found)?;
    require_case(&state, &headers, &case, &[Scope::ServiceManager, Scope::Placing]).await?;
    let data = state.store.attachment_data(&id).await?.ok_or_else(not_found)?;
    let mut response = Body::from(data).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(meta_type(&meta.content_type)));
    // Always a download, never shown inline: a document can never run in the service's origin.
    let ascii: String =
        meta.file_name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

fn meta_type(stored: &str) -> &'static str {
    ALLOWED.iter().find(|a| **a == stored).copied().unwrap_or("application/octet-stream")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_comes_from_content_not_name() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), Some("application/pdf"));
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]), Some("image/png"));
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(sniff(b"MZ\x90\x00\x03\x00\x00\x00"), None, "a Windows program");
    }

    /// A ZIP of stored (uncompressed) entries, as the start of a Word file is laid out.
    fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, data) in entries {
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, method, time, date, crc
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
        }
        out
    }

    #[test]
    fn word_documents_are_accepted_whatever_saved_them_and_other_zips_are_not() {
        // Three entries: `infer` alone calls this "application/zip" (it wants Word's own order).
        let docx = stored_zip(&[
            ("[Content_Types].xml", b"<?xml version=\"1.0\"?><Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document/>"),
        ]);
        assert_eq!(sniff(&docx), Some(DOCX));
        let zip = stored_zip(&[("notes.txt", b"hello")]);
        assert_eq!(sniff(&zip), None, "an archive is not a document");
        let spreadsheet = stored_zip(&[("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")]);
        assert_eq!(sniff(&spreadsheet), None, "a spreadsheet is not a Word document");
        // An old Word (.doc) file starts with the compound-file signature.
        let doc = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(sniff(&doc), Some("application/msword"));
    }

    #[test]
    fn file_names_are_decoded_and_made_safe() {
        let mut h = HeaderMap::new();
        h.insert("x-file-name", HeaderValue::from_static("care%20plan%20%E2%80%93%20v2.pdf"));
        assert_eq!(file_name(&h), "care plan – v2.pdf");
        h.insert("x-file-name", HeaderValue::from_static("..%2F..%2Fetc%2Fpasswd"));
        assert_eq!(file_name(&h), "....etcpasswd");
        assert_eq!(file_name(&HeaderMap::new()), "document");
    }
}
