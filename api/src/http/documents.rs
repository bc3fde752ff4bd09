//! Printable documents behind short-lived signed links (`Invoice.pdfUrl`, `htmlUrl`): the
//! link's token names the organization and the document, so a browser tab or a download
//! needs no other credentials; a link stops working after 15 minutes.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::state::AppState;

#[derive(Deserialize)]
pub struct Link {
    token: String,
}

/// `GET /documents/invoices/{id}.pdf` or `.html`.
pub async fn invoice(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(link): Query<Link>,
) -> Response {
    let Some((id, extension)) = file.rsplit_once('.') else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(id) = Uuid::parse_str(id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // One answer for a bad, expired or foreign link and a missing document: nothing to learn.
    let Some((org, document)) = state.services.tokens.verify_document(&link.token) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if document != id || !matches!(extension, "pdf" | "html") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let sheet = match entity::sales::invoice_sheet(&state.services.db, org, id).await {
        Ok(Some(sheet)) => sheet,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(error = %error, "invoice document");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let document = sheet.document();
    let number = document.number.clone();
    let pdf = extension == "pdf";
    // Setting a long invoice is CPU work: off the request threads.
    let rendered = tokio::task::spawn_blocking(move || {
        if pdf {
            documents::invoice_pdf(&document)
        } else {
            documents::invoice_html(&document).into_bytes()
        }
    })
    .await;
    let Ok(body) = rendered else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let content_type = if pdf {
        "application/pdf"
    } else {
        "text/html; charset=utf-8"
    };
    let disposition = format!(
        "inline; filename=\"{}.{extension}\"",
        documents::file_name(&number)
    );
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src https: http:; style-src 'unsafe-inline'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
