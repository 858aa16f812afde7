//! The load's steps of the referral and return workflows, through the app's use cases.

use anyhow::ensure;
use panah_app::{Actor, ReferralEntry, ReturnEntry, VisitEntry};
use panah_domain::{MonitoringScores, ReferralAction, ReturnStatus, Score};
use time::{Date, OffsetDateTime};

use super::{CaseState, Replay, plan_bug, refused};
use crate::demo::plan::ReferralOrigin;

impl Replay<'_> {
    pub(super) async fn create_referral(
        &mut self,
        actor: &Actor,
        referral: usize,
        at: OffsetDateTime,
    ) -> anyhow::Result<()> {
        let plan = &self.plan.referrals[referral];
        let sender = actor
            .signed_in()
            .map(|user| user.organization.code.as_str());
        ensure!(
            sender == Some(plan.from.as_str()),
            plan_bug("a referral sent by someone of another organisation")
        );
        let (case_id, subject) = match &plan.origin {
            ReferralOrigin::Case(case) => (Some(self.case(*case)?.id), None),
            ReferralOrigin::Subject(subject) => (None, Some((**subject).clone())),
        };
        let entry = ReferralEntry {
            case_id,
            subject,
            to: self.directory.organization(&plan.to)?.id,
            purpose: plan.purpose,
            disclosure: plan.disclosure,
            urgency: Some(plan.urgency),
            due_date: plan.due_date,
            message: plan.message.clone(),
            send: plan.send,
        };
        let made = self
            .app
            .make_referral(actor, entry, at)
            .await
            .map_err(refused)?;
        self.referrals[referral] = Some(made.summary.id);
        self.tally.referrals += 1;
        Ok(())
    }

    /// Takes `action` on the referral; `opens` names the plan's case slot when accepting
    /// a ministry's referral that discloses the person, which opens the case.
    pub(super) async fn referral_action(
        &mut self,
        actor: &Actor,
        referral: usize,
        action: ReferralAction,
        opens: Option<usize>,
        comment: Option<&str>,
        at: OffsetDateTime,
    ) -> anyhow::Result<()> {
        let id = self.referral(referral)?;
        let seen = self
            .app
            .act_on_referral(actor, id, action, comment.map(str::to_owned), at)
            .await
            .map_err(refused)?;
        // The receiver sees the case's id only once accepting the ministry's referral
        // opened one for IOM.
        let opened = (action == ReferralAction::Accept)
            .then_some(seen.summary.case_id)
            .flatten();
        ensure!(
            opened.is_some() == opens.is_some(),
            plan_bug(
                "accepting a ministry's referral opens a case exactly when it names the person"
            )
        );
        if let (Some(case), Some(id)) = (opens, opened) {
            self.cases[case] = Some(CaseState { id, version: 1 });
            self.tally.cases += 1;
            // The person's consent to be referred, recorded on the new case as
            // `assistance` and `data_sharing`.
            self.tally.consents += 2;
        }
        self.tally.referral_steps += 1;
        Ok(())
    }

    pub(super) async fn create_return(
        &mut self,
        actor: &Actor,
        return_plan: usize,
        at: OffsetDateTime,
    ) -> anyhow::Result<()> {
        let plan = &self.plan.returns[return_plan];
        let cooperating = plan
            .cooperating
            .map(|code| self.directory.organization(code).map(|o| o.id))
            .transpose()?;
        let entry = ReturnEntry {
            case_id: self.case(plan.case)?.id,
            direction: plan.direction,
            origin: plan.origin,
            destination: plan.destination,
            cooperating,
            escort_required: plan.escort_required,
            travel_date: plan.travel_date,
            needs: plan.needs.clone(),
        };
        let requested = self
            .app
            .request_return(actor, entry, at)
            .await
            .map_err(refused)?;
        self.returns[return_plan] = Some(requested.return_case.id);
        self.tally.returns += 1;
        Ok(())
    }

    pub(super) async fn move_return(
        &mut self,
        actor: &Actor,
        return_plan: usize,
        to: ReturnStatus,
        comment: Option<&str>,
        at: OffsetDateTime,
    ) -> anyhow::Result<()> {
        let id = self.return_id(return_plan)?;
        self.app
            .move_return(actor, id, to, comment.map(str::to_owned), at)
            .await
            .map_err(refused)?;
        self.tally.return_steps += 1;
        Ok(())
    }

    pub(super) async fn visit(
        &mut self,
        actor: &Actor,
        return_plan: usize,
        on: Date,
        scores: [f64; 3],
        notes: Option<&str>,
        at: OffsetDateTime,
    ) -> anyhow::Result<()> {
        let id = self.return_id(return_plan)?;
        let score = |value: f64| Score::new(value).map_err(|_| plan_bug("a score outside 0 to 1"));
        let entry = VisitEntry {
            date: on,
            scores: MonitoringScores {
                economic: score(scores[0])?,
                social: score(scores[1])?,
                psychosocial: score(scores[2])?,
            },
            notes: notes.map(str::to_owned),
        };
        self.app
            .record_visit(actor, id, entry, at)
            .await
            .map_err(refused)?;
        self.tally.visits += 1;
        Ok(())
    }
}
