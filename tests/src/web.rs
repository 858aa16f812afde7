//! A browser without JavaScript for the tests of the web pages: it signs in through the
//! sign-in form, keeps its cookies and sends each form with the token of the last page,
//! as a browser would.

use reqwest::StatusCode;

use crate::{PASSWORD, TestApp};

/// A browser without JavaScript: its cookies and the form token of the last page.
#[derive(Debug)]
pub struct Visitor<'a> {
    server: &'a TestApp,
    cookies: Vec<(String, String)>,
    token: String,
}

/// What a page answered.
#[derive(Debug)]
pub struct Answer {
    /// Its status.
    pub status: StatusCode,
    /// Where it redirects to, if it does.
    pub location: Option<String>,
    /// The page.
    pub body: String,
}

impl<'a> Visitor<'a> {
    /// Signs in `username` through the sign-in form.
    pub async fn signed_in(server: &'a TestApp, username: &str) -> Visitor<'a> {
        let mut visitor = Visitor {
            server,
            cookies: Vec::new(),
            token: String::new(),
        };
        visitor.get("/sign-in").await;
        let answer = visitor
            .post(
                "/sign-in",
                &[("username", username), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        visitor
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn answer(&mut self, response: reqwest::Response) -> Answer {
        for value in response.headers().get_all("set-cookie") {
            let pair = value.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != name);
            if !value.is_empty() {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        if let Some(token) = field_value(&body, "csrf") {
            self.token = token;
        }
        Answer {
            status,
            location,
            body,
        }
    }

    /// Gets the page at `path`.
    pub async fn get(&mut self, path: &str) -> Answer {
        let response = self
            .server
            .client
            .get(self.server.url(path))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.answer(response).await
    }

    /// Posts `fields` with the page's form token, as a form of the page would.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut body = form_urlencoded::Serializer::new(String::new());
        body.append_pair("csrf", &self.token);
        for (name, value) in fields {
            body.append_pair(name, value);
        }
        let response = self
            .server
            .client
            .post(self.server.url(path))
            .header("cookie", self.cookie_header())
            .header("origin", self.server.url(""))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.finish())
            .send()
            .await
            .unwrap();
        self.answer(response).await
    }
}

/// The `value` of the first input named `name` in `html`.
pub fn field_value(html: &str, name: &str) -> Option<String> {
    let after = html.split(&format!("name=\"{name}\" value=\"")).nth(1)?;
    after.split('"').next().map(str::to_owned)
}
