//! The static files the pages use — the style sheet, htmx, and the Vazirmatn font for
//! Arabic script — compiled into the binary and served under names that carry a hash of
//! their content, so that browsers may keep them for a year: a changed file gets a new
//! name, and the pages that name it are never cached.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// How long a browser may keep an asset: a year, never revalidated (its name changes
/// when it does).
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

const STYLE: &str = include_str!("../assets/panah.css");
const HTMX: &[u8] = include_bytes!("../assets/vendor/htmx/htmx-2.0.11.min.js");
const FONT_REGULAR: &[u8] = include_bytes!("../assets/vendor/vazirmatn/Vazirmatn-NL-Regular.woff2");
const FONT_BOLD: &[u8] = include_bytes!("../assets/vendor/vazirmatn/Vazirmatn-NL-Bold.woff2");

/// One file to serve.
#[derive(Debug)]
struct Asset {
    content_type: &'static str,
    bytes: Bytes,
}

/// Every asset by its hashed name, and the names the pages link to.
#[derive(Debug)]
pub(crate) struct Assets {
    by_name: HashMap<String, Asset>,
    /// The style sheet's URL.
    pub(crate) style: String,
    /// htmx's URL.
    pub(crate) htmx: String,
}

/// The name `stem-HASH.extension`, the hash being the first 12 characters of the
/// content's SHA-256 in URL-safe base64.
fn hashed_name(stem: &str, extension: &str, bytes: &[u8]) -> String {
    let digest = URL_SAFE_NO_PAD.encode(Sha256::digest(bytes));
    format!("{stem}-{}.{extension}", &digest[..12])
}

impl Assets {
    fn load() -> Assets {
        let mut by_name = HashMap::new();
        let mut add = |stem: &str, extension: &str, content_type, bytes: Vec<u8>| {
            let name = hashed_name(stem, extension, &bytes);
            by_name.insert(
                name.clone(),
                Asset {
                    content_type,
                    bytes: Bytes::from(bytes),
                },
            );
            format!("/assets/{name}")
        };
        let regular = add(
            "vazirmatn-nl-regular",
            "woff2",
            "font/woff2",
            FONT_REGULAR.to_vec(),
        );
        let bold = add(
            "vazirmatn-nl-bold",
            "woff2",
            "font/woff2",
            FONT_BOLD.to_vec(),
        );
        // The style sheet names the fonts by their hashed names, so its own hash (taken
        // after) changes with theirs.
        let style = STYLE
            .replace("FONT_REGULAR", &regular)
            .replace("FONT_BOLD", &bold);
        let style = add(
            "panah",
            "css",
            "text/css; charset=utf-8",
            style.into_bytes(),
        );
        let htmx = add(
            "htmx-2.0.11",
            "js",
            "text/javascript; charset=utf-8",
            HTMX.to_vec(),
        );
        Assets {
            by_name,
            style,
            htmx,
        }
    }
}

/// The assets, hashed once on first use.
pub(crate) static ASSETS: LazyLock<Assets> = LazyLock::new(Assets::load);

/// `GET /assets/{name}`: an asset, cached for a year; an unknown name is a bare 404 (a
/// page would be no use to a style sheet or script loader).
pub(crate) async fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.by_name.get(&name) {
        Some(asset) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(asset.content_type),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE)),
            ],
            asset.bytes.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_sheet_names_the_fonts_by_their_hashed_names() {
        let style = ASSETS
            .by_name
            .iter()
            .find(|(name, _)| name.ends_with(".css"))
            .map(|(_, asset)| String::from_utf8(asset.bytes.to_vec()).unwrap())
            .unwrap();
        assert!(!style.contains("FONT_"), "a placeholder is left");
        let fonts = ASSETS.by_name.keys().filter(|n| n.ends_with(".woff2"));
        for font in fonts {
            assert!(style.contains(&format!("/assets/{font}")), "{font}");
        }
        assert!(ASSETS.style.starts_with("/assets/panah-"));
        assert!(ASSETS.htmx.starts_with("/assets/htmx-2.0.11-"));
    }
}
