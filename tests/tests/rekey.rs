//! Key rotation: re-sealing personal data under a new data key, in batches that survive
//! interruption, on both backends.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_domain::{
    AuditContext, CaseCategory, Country, Person, Province, Role, Sex, TraffickingProfile,
};
use panah_persistence::{CaseScope, FieldKeys, NewCase, Store};
use panah_tests::{TEST_BLIND_INDEX_KEY, TEST_DATA_KEY, on_both_backends};
use time::OffsetDateTime;
use time::macros::date;

const NEW_KEY: &[u8] = b"the-second-data-key-the-second-data-key";

fn person(name: &str) -> Person {
    Person {
        given_name: name.to_owned(),
        family_name: Some("Rahimi".into()),
        fathers_name: None,
        other_script_given_name: None,
        other_script_family_name: None,
        sex: Sex::Female,
        date_of_birth: Some(date!(1990 - 01 - 01)),
        estimated_age: None,
        citizenship: Country::AFGHANISTAN,
        phone: Some("0700 000 000".into()),
        address: None,
        document_number: None,
    }
}

async fn store_with(db: &panah_tests::TestDb, keys: &[(u32, &[u8])]) -> Store {
    Store::connect(&db.options())
        .await
        .unwrap()
        .with_field_keys(FieldKeys::new(keys, TEST_BLIND_INDEX_KEY).unwrap())
}

on_both_backends! {
    async fn rotation_reseals_every_case_in_resumable_batches(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let context = AuditContext::system(OffsetDateTime::now_utc());
        let mut ids = Vec::new();
        for n in 0..5 {
            let new = NewCase {
                category: CaseCategory::PresumedVictim,
                province: Province::Balkh,
                identified_on: date!(2026 - 06 - 01),
                identified_by_organization_id: db.store.list_organizations().await.unwrap()[0].id,
                assigned_to: Some(worker.id),
                person: person(&format!("Name{n}")),
                trafficking: TraffickingProfile::default(),
            };
            ids.push(db.store.create_case(&new, &context).await.unwrap());
        }

        // One process starts the rotation and stops after one batch...
        let rotating = store_with(&db, &[(1, TEST_DATA_KEY), (2, NEW_KEY)]).await;
        assert_eq!(rotating.rows_to_reseal().await.unwrap(), 5);
        assert_eq!(rotating.reseal_batch(2).await.unwrap(), 2);
        assert_eq!(rotating.rows_to_reseal().await.unwrap(), 3);
        // ...meanwhile every case still opens with both keys at hand...
        for id in &ids {
            assert!(rotating.case_for_change(*id, CaseScope::All).await.unwrap().is_some());
        }
        rotating.close().await;

        // ...and another finishes it.
        let resumed = store_with(&db, &[(1, TEST_DATA_KEY), (2, NEW_KEY)]).await;
        while resumed.reseal_batch(2).await.unwrap() > 0 {}
        assert_eq!(resumed.rows_to_reseal().await.unwrap(), 0);

        // Only the new key is needed now, and the blind indexes still find people.
        let new_only = store_with(&db, &[(2, NEW_KEY)]).await;
        for (n, id) in ids.iter().enumerate() {
            let case = new_only.case_for_change(*id, CaseScope::All).await.unwrap().unwrap();
            assert_eq!(case.person.given_name, format!("Name{n}"));
            assert_eq!(case.person.phone.as_deref(), Some("0700 000 000"));
        }
        let found = new_only
            .search_cases(CaseScope::All, &panah_persistence::SearchTerms {
                given_name: Some("name3".into()),
                ..Default::default()
            }, 10, &context)
            .await
            .unwrap();
        assert_eq!(found.len(), 1);
        // And the old key alone opens nothing any more.
        let old_only = store_with(&db, &[(1, TEST_DATA_KEY)]).await;
        assert!(old_only.case_for_change(ids[0], CaseScope::All).await.is_err());
    }
}
