//! Documents uploaded with a submission: the care plan (required for a distant placement) and
//! others. The type is read from the file's content, never its name; files stay with the case and
//! are never attached to an email.

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::access::{Access, Act, require_case};
use crate::clock;
use crate::error::AppError;
use crate::state::AppState;
use crate::tokens::{random_secret, sha256_hex};
use contract::staff::AccessAction;

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
        .filter(|c| !c.is_control() && !is_invisible_format(*c) && *c != '/' && *c != '\\')
        .take(255)
        .collect();
    if name.trim().is_empty() { "document".into() } else { name }
}

/// Characters that change how a name is shown without being seen: bidirectional overrides and
/// isolates (U+202E makes `cod.exe` read as `exe.doc`), direction marks, zero-width characters.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Why a file was refused, in words for the person who chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    NotAllowedType,
    /// A Word package with a macro project: macros run code when the document is opened.
    Macros,
}

impl Refused {
    pub fn message(self) -> &'static str {
        match self {
            Refused::NotAllowedType => "The selected file must be a PDF, Word document, JPG or PNG",
            Refused::Macros => {
                "The selected file contains macros, which can run code when it is opened. Save it as a Word document \
                 without macros (.docx) or as a PDF, and upload that"
            }
        }
    }
}

/// The content type, read from the bytes.
pub fn sniff(bytes: &[u8]) -> Result<&'static str, Refused> {
    if let Some(package) = office_package(bytes) {
        return match package {
            Package::Word => Ok(DOCX),
            Package::WithMacros => Err(Refused::Macros),
            Package::Other => Err(Refused::NotAllowedType),
        };
    }
    let mime = infer::get(bytes).ok_or(Refused::NotAllowedType)?.mime_type();
    ALLOWED.iter().find(|a| **a == mime).copied().ok_or(Refused::NotAllowedType)
}

enum Package {
    Word,
    WithMacros,
    Other,
}

/// A Word (.docx) file is a ZIP package holding `[Content_Types].xml` and `word/document.xml`,
/// in whatever order the program that saved it chose. Its central directory (read with a real
/// ZIP reader, so a main part anywhere in the file counts) names every part; a `vbaProject.bin`
/// part is a macro project (a .docm renamed, or a macro-enabled document). `None`: not a ZIP.
fn office_package(bytes: &[u8]) -> Option<Package> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let Ok(archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Some(Package::Other) };
    let names: Vec<String> = archive.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
    let has = |part: &str| names.iter().any(|n| n.eq_ignore_ascii_case(part));
    if names.iter().any(|n| n.to_ascii_lowercase().ends_with("vbaproject.bin")) {
        return Some(Package::WithMacros);
    }
    Some(if has("[Content_Types].xml") && has("word/document.xml") { Package::Word } else { Package::Other })
}

/// The file extension people expect for a type we accept.
fn extension_for(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "application/msword" => "doc",
        DOCX => "docx",
        "application/rtf" => "rtf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/heif" => "heic",
        "image/tiff" => "tif",
        _ => "bin",
    }
}

/// The name a document is kept and downloaded under: the person's own name for it, with the
/// extension of what it really is (an HTML page that begins `%PDF` is kept as `.pdf`), so no
/// download can open as something other than what was checked.
fn named_as(name: &str, content_type: &str) -> String {
    let extension = extension_for(content_type);
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => stem,
        _ => name,
    };
    format!("{stem}.{extension}")
}

/// Refused before the body is read: one client may hold only so many uploads it has not sent
/// with a submission, and all clients together only so many bytes (a stream of anonymous 10 MB
/// uploads would otherwise fill the disk, which every submission shares).
async fn within_caps(state: &AppState, uploaded_by: &str) -> Result<(), AppError> {
    let server = &state.config.server;
    let (by_client, bytes) = state.store.unattached(uploaded_by).await?;
    if by_client >= server.max_unattached_uploads_per_client {
        return Err(AppError::TooMany(
            "You have uploaded many files that have not been sent with a submission. Send your submission first, \
             or try again tomorrow."
                .into(),
        ));
    }
    if bytes + contract::MAX_UPLOAD_BYTES as i64 > server.max_unattached_upload_bytes {
        return Err(AppError::Unavailable("the space kept for uploads not yet sent is full".into()));
    }
    Ok(())
}

pub async fn upload(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<(StatusCode, Json<contract::Document>), AppError> {
    let client = crate::access::address(request.headers());
    let uploaded_by = sha256_hex(format!("upload-owner:{client}"));
    within_caps(&state, &uploaded_by).await?;
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let body: Bytes = axum::body::to_bytes(body, MAX_BYTES + 1)
        .await
        .map_err(|_| AppError::TooLarge("The selected file must be smaller than 10MB".into()))?;
    if body.is_empty() {
        return Err(AppError::BadRequest("The selected file is empty".into()));
    }
    if body.len() > MAX_BYTES {
        return Err(AppError::TooLarge("The selected file must be smaller than 10MB".into()));
    }
    let content_type = sniff(&body).map_err(|why| AppError::Unsupported(why.message().into()))?;
    let id = format!("att-{}", random_secret().map_err(AppError::internal)?);
    let name = named_as(&file_name(&headers), content_type);
    state
        .store
        .insert_attachment(
            &id,
            content_type,
            &name,
            &sha256_hex(&body),
            &body,
            &clock::timestamp(clock::now()),
            &uploaded_by,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(contract::Document {
            id,
            file_name: name,
            content_type: content_type.to_owned(),
            size: body.len() as i64,
        }),
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
    let caller = require_case(&state, &headers, &case, Act::Download).await?;
    let data = state.store.attachment_data(&id).await?.ok_or_else(not_found)?;
    // The document's number, never its name: a file's name may name the child.
    Access::to_case(&caller, &case, AccessAction::DownloadedDocument)
        .detail(format!("Document {id}"))
        .record(&state, &headers)
        .await?;
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
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), Ok("application/pdf"));
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]), Ok("image/png"));
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), Err(Refused::NotAllowedType));
        assert_eq!(sniff(b"MZ\x90\x00\x03\x00\x00\x00"), Err(Refused::NotAllowedType), "a Windows program");
    }

    /// A ZIP of stored (uncompressed) entries, written by the `zip` crate as any program would.
    fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, data) in entries {
            writer.start_file(*name, stored).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn word_documents_are_accepted_whatever_saved_them_and_other_zips_are_not() {
        // Three entries: `infer` alone calls this "application/zip" (it wants Word's own order).
        let docx = stored_zip(&[
            ("[Content_Types].xml", b"<?xml version=\"1.0\"?><Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document/>"),
        ]);
        assert_eq!(sniff(&docx), Ok(DOCX));
        let zip = stored_zip(&[("notes.txt", b"hello")]);
        assert_eq!(sniff(&zip), Err(Refused::NotAllowedType), "an archive is not a document");
        let spreadsheet = stored_zip(&[("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")]);
        assert_eq!(sniff(&spreadsheet), Err(Refused::NotAllowedType), "a spreadsheet is not a Word document");
        // An old Word (.doc) file starts with the compound-file signature.
        let doc = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(sniff(&doc), Ok("application/msword"));
    }

    #[test]
    fn uploads_a_word_file_with_macros_is_refused_saying_why() {
        let docm = stored_zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
            ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0"),
        ]);
        assert_eq!(sniff(&docm), Err(Refused::Macros));
        assert!(Refused::Macros.message().contains("macros"));
    }

    #[test]
    fn uploads_a_word_file_whose_main_part_lies_past_the_first_megabyte_is_still_word() {
        let padding = vec![7u8; 1_500_000];
        let docx = stored_zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/media/scan.bin", &padding),
            ("word/document.xml", b"<w:document/>"),
        ]);
        assert_eq!(sniff(&docx), Ok(DOCX));
    }

    #[test]
    fn uploads_the_download_name_has_the_extension_of_what_the_file_is() {
        let html_posing_as_pdf = b"%PDF-1.7\n<html><script>alert(1)</script></html>";
        let kind = sniff(html_posing_as_pdf).unwrap();
        assert_eq!(named_as("page.html", kind), "page.pdf");
        assert_eq!(named_as("scan", "image/png"), "scan.png");
        assert_eq!(named_as(".hidden", "application/pdf"), ".hidden.pdf");
        assert_eq!(named_as("care plan.docm", DOCX), "care plan.docx");
    }

    #[test]
    fn file_names_are_decoded_and_made_safe() {
        let mut h = HeaderMap::new();
        h.insert("x-file-name", HeaderValue::from_static("care%20plan%20%E2%80%93%20v2.pdf"));
        assert_eq!(file_name(&h), "care plan – v2.pdf");
        h.insert("x-file-name", HeaderValue::from_static("..%2F..%2Fetc%2Fpasswd"));
        assert_eq!(file_name(&h), "....etcpasswd");
        assert_eq!(file_name(&HeaderMap::new()), "document");
        h.insert("x-file-name", HeaderValue::from_static("plan%E2%80%AEfdp.exe"));
        assert_eq!(file_name(&h), "planfdp.exe", "uploads: a right-to-left override is removed");
    }
}
