//! The organisations a page names — senders and receivers of referrals, providers of
//! assistance — read once per page through the app and named in the page's language.

use std::collections::HashMap;

use panah_app::{Actor, App};
use panah_domain::{Organization, OrganizationId, OrganizationKind};
use time::OffsetDateTime;

use crate::errors::PageError;
use crate::ui::Ui;
use crate::widgets::{Choice, Group};
use crate::{i18n, labels};

/// Every organisation, by id.
#[derive(Debug, Clone)]
pub(crate) struct Organizations(HashMap<OrganizationId, Organization>);

impl Organizations {
    /// Every organisation, as the app lists them to `actor`.
    pub(crate) async fn read(
        app: &App,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Organizations, PageError> {
        let all = app.organizations(actor, now).await?;
        Ok(Organizations(
            all.into_iter().map(|org| (org.id, org)).collect(),
        ))
    }

    /// The name of the organisation `id` in the page's language; its id if it is none
    /// the app listed (which a referral's party always is).
    pub(crate) fn name(&self, id: OrganizationId, ui: &Ui) -> String {
        self.0.get(&id).map_or_else(
            || id.0.to_string(),
            |org| labels::organization(ui.language, org),
        )
    }

    /// The organisations of the kinds `kinds`, but `except`, as choices grouped by kind
    /// in the order of `kinds`, each group by name.
    pub(crate) fn choices(
        &self,
        kinds: &[OrganizationKind],
        except: Option<OrganizationId>,
        ui: &Ui,
    ) -> Vec<Group> {
        kinds
            .iter()
            .map(|kind| {
                let mut choices: Vec<Choice> = self
                    .0
                    .values()
                    .filter(|org| org.kind == *kind && Some(org.id) != except)
                    .map(|org| Choice {
                        value: org.id.0.to_string(),
                        label: labels::organization(ui.language, org),
                        chosen: false,
                    })
                    .collect();
                choices.sort_by_cached_key(|choice| i18n::collation_key(&choice.label));
                Group {
                    label: Some(ui.term("organization-kind", kind.as_str())),
                    choices,
                }
            })
            .filter(|group| !group.choices.is_empty())
            .collect()
    }
}
